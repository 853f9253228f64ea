package dev.sentinel.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A volume's tree as a backup reads it: entry by entry, in archive order, each with its path
 * relative to the volume ({@code ""} for the root), its header and, for a regular file, its data. A
 * hard link's {@linkplain TarArchiveEntry#getLinkName() link name} is relative to the volume too.
 * Two sources: the engine's archive of a helper's mount ({@link #ofEngineArchive}) and the volume's
 * directory on this host ({@link HostVolumeReader}).
 */
public interface VolumeEntries {
  /** Receives each entry; {@code data} is only valid during the call. */
  interface Sink {
    void entry(String relative, TarArchiveEntry header, InputStream data) throws IOException;
  }

  /**
   * Gives every entry an archive can hold to {@code sink}, in order.
   *
   * @return how many were left out (devices, FIFOs, sockets)
   */
  long forEach(Sink sink) throws IOException;

  /**
   * The entries of the engine's tar of a mount ({@code GET /containers/{id}/archive}): named {@code
   * data/...}, the first being the mount's own directory.
   */
  static VolumeEntries ofEngineArchive(InputStream engineTar) {
    return sink -> {
      TarArchiveInputStream in = new TarArchiveInputStream(engineTar, "UTF-8");
      long skipped = 0;
      String base = null;
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName();
        if (base == null) {
          base = name.endsWith("/") ? name : name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : name + "/";
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO() || (!e.isFile() && !e.isDirectory() && !e.isSymbolicLink() && !e.isLink())) {
          skipped++;
          continue;
        }
        if (e.isLink()) {
          String link = e.getLinkName();
          e.setLinkName(link.startsWith(base) ? link.substring(base.length()) : link);
        }
        sink.entry(relative(name, base), e, in);
      }
      return skipped;
    };
  }

  private static String relative(String name, String base) {
    if (name.equals(base) || (name + "/").equals(base)) {
      return "";
    }
    return name.startsWith(base) ? name.substring(base.length()) : name;
  }
}
