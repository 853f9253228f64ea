package dev.sentinel.backup.internal;

import dev.sentinel.backup.ArchiveRejectedException;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The rules every entry of a volume's tree must pass before anything is restored: a relative path
 * with no {@code ..}, no device or FIFO, nothing beneath a symbolic link (which could lead outside
 * the volume), and hard links only to files seen earlier in the same volume.
 */
public final class EntryRules {
  private final String volume;
  private final Set<String> symlinks = new HashSet<>();
  private final Set<String> files = new HashSet<>();

  public EntryRules(String volume) {
    this.volume = volume;
  }

  /** Checks an entry whose path inside the volume is {@code relative} ("" for the root). */
  public void check(String entryName, String relative, TarArchiveEntry e) {
    if (relative.startsWith("/")) {
      throw reject(entryName, "it has an absolute path");
    }
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        throw reject(entryName, "its path has a '..' segment");
      }
    }
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      throw reject(entryName, "it is a " + (e.isFIFO() ? "FIFO" : "device") + ", which a backup never holds");
    }
    String parent = relative;
    while (parent.contains("/")) {
      parent = parent.substring(0, parent.lastIndexOf('/'));
      if (symlinks.contains(parent)) {
        throw reject(entryName, "it lies beneath the symbolic link " + parent + ", which could lead outside the volume");
      }
    }
    if (e.isSymbolicLink()) {
      symlinks.add(stripSlash(relative));
    } else if (e.isLink()) {
      String target = e.getLinkName();
      String prefix = "volumes/" + volume + "/";
      String inside = target.startsWith(prefix) ? target.substring(prefix.length()) : null;
      if (inside == null || inside.startsWith("/") || java.util.Arrays.asList(inside.split("/")).contains("..") || !files.contains(inside)) {
        throw reject(entryName, "it is a hard link to " + target + ", which is not a file earlier in the same volume");
      }
    } else if (e.isFile()) {
      files.add(relative);
    } else if (!e.isDirectory()) {
      throw reject(entryName, "it has an unsupported type '" + (char) e.getLinkFlag() + "'");
    }
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static ArchiveRejectedException reject(String entry, String why) {
    return new ArchiveRejectedException("entry " + entry + " is refused: " + why);
  }
}
