package dev.sentinel.backup.internal;

import dev.sentinel.backup.Compression;
import dev.sentinel.backup.Manifest;
import dev.sentinel.backup.VolumeManifest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one backup archive: each volume's tree under {@code volumes/<name>/}, then {@code
 * manifest.yaml}. It writes to a hidden temporary name in the target directory, flushes to disk,
 * and only then renames to the final name (and writes the {@code .sha256} the same way), so a
 * killed backup never leaves a file under a final name and never touches earlier backups.
 */
public final class ArchiveWriter implements Closeable {
  private final Path finalPath;
  private final Path temp;
  private final FileChannel channel;
  private final DigestOutputStream digestOut;
  private final TarArchiveOutputStream tar;
  private long skipped;
  private boolean finished;

  public ArchiveWriter(Path directory, String fileName, Compression compression, int level) throws IOException {
    Files.createDirectories(directory);
    this.finalPath = directory.resolve(fileName);
    this.temp = Files.createTempFile(directory, "." + fileName + ".", ".partial");
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      // Closing the tar stream must flush everything but leave the file open, so it can be synced.
      OutputStream file = java.nio.channels.Channels.newOutputStream(channel);
      OutputStream keepOpen = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          file.write(b, off, len);
        }

        @Override
        public void close() {}
      };
      this.digestOut = new DigestOutputStream(keepOpen, MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.tar = ArchiveStreams.writer(digestOut, compression, level);
  }

  /** Entries left out because a backup cannot hold them (devices, FIFOs, sockets). */
  public long skipped() {
    return skipped;
  }

  /**
   * Streams one volume from the engine's archive of its mount (entries named {@code data/...}).
   */
  public VolumeManifest addVolume(String volume, String driver, Map<String, String> options, Map<String, String> labels,
      InputStream engineTar) throws IOException {
    ContentDigest digest = new ContentDigest();
    String prefix = ArchiveVerifier.VOLUMES + volume + "/";
    TarArchiveInputStream in = new TarArchiveInputStream(engineTar, "UTF-8");
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
      String relative = name.equals(base) || (name + "/").equals(base) ? "" : name.startsWith(base) ? name.substring(base.length()) : name;
      String newName = prefix + relative + (e.isDirectory() && !relative.isEmpty() && !relative.endsWith("/") ? "/" : "");
      String linkBase = base;
      VolumeCopier.copy(e, newName, in, tar,
          link -> link.startsWith(linkBase) ? prefix + link.substring(linkBase.length()) : prefix + link,
          new VolumeCopier.Observer() {
            @Override
            public void entry(String n, TarArchiveEntry copy) {
              digest.header(EntryPath.parse(n).relative(), copy);
            }

            @Override
            public void data(byte[] buffer, int offset, int length) {
              digest.data(buffer, offset, length);
            }
          });
    }
    return new VolumeManifest(volume, driver, options, labels, digest.entries(), digest.bytes(), digest.hex());
  }

  /** Writes the manifest, syncs, and renames into place. Returns the archive's final path. */
  public Path finish(Manifest manifest) throws IOException {
    byte[] yaml = manifest.toYaml().getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(ArchiveVerifier.MANIFEST);
    entry.setSize(yaml.length);
    entry.setMode(0644);
    entry.setModTime(manifest.createdAt().toEpochMilli());
    tar.putArchiveEntry(entry);
    tar.write(yaml);
    tar.closeArchiveEntry();
    tar.finish();
    tar.close();
    channel.force(true);
    channel.close();
    String sha = HexFormat.of().formatHex(digestOut.getMessageDigest().digest());
    Files.move(temp, finalPath, StandardCopyOption.ATOMIC_MOVE);
    Path sumTemp = Files.createTempFile(finalPath.getParent(), "." + finalPath.getFileName() + ".sha256.", ".partial");
    Files.writeString(sumTemp, sha + "  " + finalPath.getFileName() + "\n", StandardCharsets.US_ASCII);
    try (FileChannel sum = FileChannel.open(sumTemp, StandardOpenOption.WRITE)) {
      sum.force(true);
    }
    Files.move(sumTemp, finalPath.resolveSibling(finalPath.getFileName() + ".sha256"), StandardCopyOption.ATOMIC_MOVE);
    finished = true;
    return finalPath;
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      try {
        tar.close();
      } catch (IOException | RuntimeException e) {
        // the partial file is deleted below either way
      }
      channel.close();
      Files.deleteIfExists(temp);
    }
  }

}
