package dev.sentinel.backup.internal;

import static dev.sentinel.backup.internal.EntryPath.refuse;

import java.util.HashSet;
import java.util.List;
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
 * wrote. Symbolic links, on which the volume's boundary depends, are kept as exact paths; every other
 * entry in a {@link PathTable} (13 to 26 bytes each), so a volume of millions of files is checked in a
 * small heap. A hash collision there could only hide a duplicate or a file in the way of a path, which
 * the engine's extraction then reports; it cannot let anything pass beneath a link.
 */
public final class VolumeTree {
  private static final byte DIRECTORY = 1;
  private static final byte FILE = 2;
  private static final byte SYMLINK = 3;
  /** Set beside the kind once an entry of the archive made the path (not only implied it as a parent). */
  private static final byte WRITTEN = 0x10;

  private final String volume;
  private final Set<String> symlinks = new HashSet<>();
  private final PathTable nodes = new PathTable();

  public VolumeTree(String volume) {
    this.volume = volume;
    nodes.put("", DIRECTORY);
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
    byte kind = kindOf(name, e);
    List<String> segments = path.segments();
    StringBuilder parent = new StringBuilder();
    for (int depth = 0; depth < segments.size(); depth++) {
      String on = parent.toString();
      if (symlinks.contains(on)) {
        throw refuse(name, "it lies beneath the symbolic link " + on + ", which could lead outside the volume");
      }
      byte found = nodes.get(on);
      if ((found & 0x0f) == FILE) {
        throw refuse(name, "it lies beneath " + on + ", which is a file");
      }
      if (found == 0) {
        nodes.put(on, DIRECTORY);  // extraction creates missing parents as directories
      }
      parent.append(depth == 0 ? "" : "/").append(segments.get(depth));
    }
    String self = path.relative();
    byte found = symlinks.contains(self) ? (byte) (SYMLINK | WRITTEN) : nodes.get(self);
    byte existing = (byte) (found & 0x0f);
    if (existing != 0 && existing != kind) {
      throw refuse(name, "it would replace the " + noun(existing) + " " + describe(self) + " with a " + noun(kind));
    }
    if ((found & WRITTEN) != 0) {
      throw refuse(name, "it appears twice in the archive (" + describe(self) + ")");
    }
    if (e.isLink()) {
      checkHardLink(name, e.getLinkName());
    }
    if (kind == SYMLINK) {
      symlinks.add(self);
    }
    nodes.put(self, (byte) (kind | WRITTEN));
  }

  private static byte kindOf(String name, TarArchiveEntry e) {
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      throw refuse(name, "it is a " + (e.isFIFO() ? "FIFO" : "device") + ", which a backup never holds");
    }
    // In this order: a link or file whose name ends in "/" also answers isDirectory().
    if (e.isSymbolicLink()) {
      return SYMLINK;
    }
    if (e.isLink()) {
      return FILE;
    }
    if (e.isDirectory()) {
      return DIRECTORY;
    }
    if (e.isFile()) {
      return FILE;
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
    String at = resolved.relative();
    if (!resolved.volume().equals(volume) || symlinks.contains(at) || nodes.get(at) != (byte) (FILE | WRITTEN)) {
      throw refuse(name, "it is a hard link to " + target + ", which is not a file earlier in the same volume");
    }
  }

  private static String noun(byte kind) {
    return kind == DIRECTORY ? "directory" : kind == FILE ? "file" : "symbolic link";
  }

  private String describe(String path) {
    return path.isEmpty() ? "the root of volume " + volume : path;
  }
}
