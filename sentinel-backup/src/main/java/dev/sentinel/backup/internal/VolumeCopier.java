package dev.sentinel.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies tar entries from one stream to another under a new name prefix, keeping every header
 * field (type, mode, owner ids and names, mtime, link target, PAX extras such as xattrs) and
 * streaming the data through a small buffer, so memory stays flat whatever the volume's size.
 */
public final class VolumeCopier {
  private static final int BUFFER = 1 << 16;

  private VolumeCopier() {}

  /** What to call an entry in the output; {@code null} skips it. */
  public interface Renamer {
    String rename(String name);
  }

  /** Observes each copied entry and its data. */
  public interface Observer {
    void entry(String newName, TarArchiveEntry original);

    void data(byte[] buffer, int offset, int length);
  }

  /** Copies one entry; its data is read from {@code in}. */
  public static void copy(TarArchiveEntry e, String newName, InputStream in, TarArchiveOutputStream out,
      Renamer linkRenamer, Observer observer) throws IOException {
    // The type is written explicitly, as VolumeTree judged it: a regular-file entry whose name ends
    // in "/" is a directory to tar readers, and must stay one once the name is normalised.
    byte type = e.isSymbolicLink() ? TarArchiveEntry.LF_SYMLINK : e.isLink() ? TarArchiveEntry.LF_LINK
        : e.isDirectory() ? TarArchiveEntry.LF_DIR : e.getLinkFlag();
    String name = type == TarArchiveEntry.LF_DIR && !newName.endsWith("/") ? newName + "/" : newName;
    TarArchiveEntry copy = new TarArchiveEntry(name, type, true);
    copy.setMode(e.getMode());
    copy.setUserId(e.getLongUserId());
    copy.setGroupId(e.getLongGroupId());
    copy.setUserName(e.getUserName());
    copy.setGroupName(e.getGroupName());
    copy.setLastModifiedTime(e.getLastModifiedTime());
    if (e.isLink()) {
      copy.setLinkName(linkRenamer.rename(e.getLinkName()));
    } else if (e.isSymbolicLink()) {
      copy.setLinkName(e.getLinkName());
    }
    if (e.isFile() && !e.isLink()) {
      copy.setSize(e.getSize());
    }
    for (Map.Entry<String, String> pax : e.getExtraPaxHeaders().entrySet()) {
      copy.addPaxHeader(pax.getKey(), pax.getValue());
    }
    observer.entry(name, copy);
    out.putArchiveEntry(copy);
    if (e.isFile() && !e.isLink()) {
      pump(in, out, observer);
    }
    out.closeArchiveEntry();
  }

  /** Copies the rest of {@code in} to {@code out}, showing it to {@code observer}. */
  public static long pump(InputStream in, OutputStream out, Observer observer) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      observer.data(buffer, 0, n);
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}
