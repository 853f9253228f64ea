package dev.sentinel.backup.internal;

import static dev.sentinel.backup.internal.EntryPath.refuse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A model of one volume's tree as its entries would build it, checked entry by entry before the
 * entry is written anywhere. Paths are resolved against what the model holds, never compared as
 * strings: an entry is refused when any directory on its way is a symbolic link (which could lead
 * outside the volume) or a file, when it would replace what an earlier entry made (a directory by a
 * link, a link by a directory, any duplicate), when it is a device, FIFO or unknown type, and when it
 * is a hard link to anything but a regular file earlier in the same volume.
 *
 * <p>One implementation serves {@code verify}, {@code restore} and backup's own check of what it
 * wrote. Memory grows with the number of entries of the volume (one map entry each).
 */
public final class VolumeTree {
  private enum Kind {
    DIRECTORY("directory"), FILE("file"), SYMLINK("symbolic link");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  private final String volume;
  private final Map<List<String>, Kind> nodes = new HashMap<>();
  private final Set<List<String>> written = new HashSet<>();

  public VolumeTree(String volume) {
    this.volume = volume;
    nodes.put(List.of(), Kind.DIRECTORY);
  }

  /**
   * Checks entry {@code e} (named {@code name} in the archive, at {@code path}) and adds it to the
   * model.
   *
   * @throws dev.sentinel.backup.ArchiveRejectedException naming the entry and why
   */
  public void add(String name, EntryPath path, TarArchiveEntry e) {
    if (!path.volume().equals(volume)) {
      throw new IllegalArgumentException("entry " + name + " is of volume " + path.volume() + ", not " + volume);
    }
    Kind kind = kindOf(name, e);
    List<String> segments = path.segments();
    for (int depth = 0; depth < segments.size(); depth++) {
      List<String> parent = List.copyOf(segments.subList(0, depth));
      Kind on = nodes.get(parent);
      if (on == Kind.SYMLINK) {
        throw refuse(name, "it lies beneath the symbolic link " + String.join("/", parent) + ", which could lead outside the volume");
      }
      if (on == Kind.FILE) {
        throw refuse(name, "it lies beneath " + String.join("/", parent) + ", which is a file");
      }
      if (on == null) {
        nodes.put(parent, Kind.DIRECTORY);  // extraction creates missing parents as directories
      }
    }
    Kind existing = nodes.get(segments);
    if (existing != null && existing != kind) {
      throw refuse(name, "it would replace the " + existing.noun + " " + describe(segments) + " with a " + kind.noun);
    }
    if (written.contains(segments)) {
      throw refuse(name, "it appears twice in the archive (" + describe(segments) + ")");
    }
    if (e.isLink()) {
      checkHardLink(name, e.getLinkName());
    }
    nodes.put(segments, kind);
    written.add(segments);
  }

  private static Kind kindOf(String name, TarArchiveEntry e) {
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      throw refuse(name, "it is a " + (e.isFIFO() ? "FIFO" : "device") + ", which a backup never holds");
    }
    // In this order: a link or file whose name ends in "/" also answers isDirectory().
    if (e.isSymbolicLink()) {
      return Kind.SYMLINK;
    }
    if (e.isLink()) {
      return Kind.FILE;
    }
    if (e.isDirectory()) {
      return Kind.DIRECTORY;
    }
    if (e.isFile()) {
      return Kind.FILE;
    }
    throw refuse(name, "it has an unsupported type '" + (char) e.getLinkFlag() + "'");
  }

  /** A hard link must name, once resolved, a regular file that an earlier entry of this volume made. */
  private void checkHardLink(String name, String target) {
    EntryPath resolved;
    try {
      resolved = EntryPath.parse(target);
    } catch (RuntimeException notInside) {
      throw refuse(name, "it is a hard link to " + target + ", which is not a file earlier in the same volume");
    }
    if (!resolved.volume().equals(volume) || nodes.get(resolved.segments()) != Kind.FILE || !written.contains(resolved.segments())) {
      throw refuse(name, "it is a hard link to " + target + ", which is not a file earlier in the same volume");
    }
  }

  private String describe(List<String> segments) {
    return segments.isEmpty() ? "the root of volume " + volume : String.join("/", segments);
  }
}
