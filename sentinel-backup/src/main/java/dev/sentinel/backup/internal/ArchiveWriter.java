package dev.sentinel.backup.internal;

import dev.sentinel.backup.ArchiveRejectedException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one backup archive: each volume's tree under {@code volumes/<name>/}, then {@code
 * manifest.yaml}. It writes to a hidden temporary name in the target directory, flushes to disk,
 * and only then renames to the final name (and writes the {@code .sha256} the same way), so a
 * killed backup never leaves a file under a final name and never touches earlier backups.
 *
 * <p>What it writes is checked while it is written: the compressed bytes also go through a pipe to
 * a thread that reads them back as {@code verify} reads an archive (decompressed, every entry
 * resolved, each volume's entry count against the manifest) and takes the CRC-32C and length of the
 * tar stream they decode to, which must be those of the tar stream written; and the manifest must
 * describe each volume as its data was hashed on the way in. So the archive gets its name only once
 * it reads back, whole, as what was hashed, and nothing is read twice. (The data is hashed once, on
 * the way in: a second SHA-256 over the read-back data cost about a second of a 1.5 GiB backup, for
 * no check the CRC of the same bytes does not make; {@code verify} recomputes every digest.)
 */
public final class ArchiveWriter implements Closeable {
  private final Path finalPath;
  private final Path temp;
  private final FileChannel channel;
  private final DigestOutputStream digestOut;
  private final TarArchiveOutputStream tar;
  private final OutputStream selfCheckSink;
  private final CompletableFuture<ArchiveVerifier.Written> selfCheck = new CompletableFuture<>();
  /** The tar stream as written, before compression: its CRC-32C and length, for the self-check to match. */
  private final TarBytes tarWritten = new TarBytes();
  private final Map<String, VolumeManifest> volumesWritten = new java.util.LinkedHashMap<>();
  private final BytePipe selfCheckPipe = new BytePipe(16, 1 << 18);
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
      this.selfCheckSink = selfCheckPipe.sink();
      OutputStream keepOpen = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          file.write(b, off, len);
          try {
            selfCheckSink.write(b, off, len);
          } catch (IOException e) {
            // The check stopped reading: it found something wrong, which is the news.
            throw selfCheckFailure().orElseThrow(() -> e);
          }
        }

        @Override
        public void close() {}
      };
      this.digestOut = new DigestOutputStream(keepOpen, MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    this.tar = ArchiveStreams.writer(digestOut, compression, level, tarWritten);
    // Last, so a constructor that fails earlier leaves no thread waiting on the pipe.
    startSelfCheck(compression, fileName);
  }

  /** Entries left out because a backup cannot hold them (devices, FIFOs, sockets). */
  public long skipped() {
    return skipped;
  }

  /** Writes one volume's tree under {@code volumes/<volume>/}, hashing it on the way. */
  public VolumeManifest addVolume(String volume, String driver, Map<String, String> options, Map<String, String> labels,
      VolumeEntries entries) throws IOException {
    ContentDigest digest = new ContentDigest();
    String prefix = ArchiveVerifier.VOLUMES + volume + "/";
    VolumeCopier.Observer hashing = new VolumeCopier.Observer() {
      @Override
      public void entry(String n, TarArchiveEntry copy) {
        digest.header(EntryPath.parse(n).relative(), copy);
      }

      @Override
      public void data(byte[] buffer, int offset, int length) {
        digest.data(buffer, offset, length);
      }
    };
    skipped += entries.forEach((relative, e, data) -> {
      String newName = prefix + relative + (e.isDirectory() && !relative.isEmpty() && !relative.endsWith("/") ? "/" : "");
      VolumeCopier.copy(e, newName, data, tar, link -> prefix + link, hashing);
    });
    VolumeManifest written = new VolumeManifest(volume, driver, options, labels, digest.entries(), digest.bytes(), digest.hex());
    volumesWritten.put(volume, written);
    return written;
  }

  /**
   * Writes the manifest, syncs, and renames into place. Returns the archive's final path.
   *
   * @throws ArchiveRejectedException when the manifest does not describe the volumes as written, or
   *     the archive does not read back as written; no file is left then
   */
  public Path finish(Manifest manifest) throws IOException {
    for (VolumeManifest v : manifest.volumes()) {
      VolumeManifest written = volumesWritten.get(v.name());
      if (written == null || written.entries() != v.entries() || written.bytes() != v.bytes() || !written.sha256().equals(v.sha256())) {
        throw new ArchiveRejectedException("the backup just written does not verify: the manifest's entry for volume " + v.name()
            + " is not what was written (" + (written == null ? "no such volume" : written.entries() + " entries, " + written.bytes()
            + " bytes, sha256 " + written.sha256()) + ")");
      }
    }
    if (!volumesWritten.keySet().equals(new java.util.LinkedHashSet<>(manifest.volumes().stream().map(VolumeManifest::name).toList()))) {
      throw new ArchiveRejectedException("the backup just written does not verify: the manifest leaves out volumes written: "
          + volumesWritten.keySet());
    }
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
    try {
      selfCheckSink.close();
    } catch (IOException checkStoppedReading) {
      // the check already ended, with the reason awaitSelfCheck reports
    }
    ArchiveVerifier.Written readBack = awaitSelfCheck();
    if (readBack.tarBytes() != tarWritten.count || readBack.tarCrc32c() != tarWritten.crc.getValue()) {
      throw new ArchiveRejectedException("the backup just written does not verify: it decompresses to " + readBack.tarBytes()
          + " bytes of tar with CRC-32C " + Long.toHexString(readBack.tarCrc32c()) + ", not the " + tarWritten.count
          + " bytes with CRC-32C " + Long.toHexString(tarWritten.crc.getValue()) + " written");
    }
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
      selfCheckPipe.fail(new IOException("the backup stopped before it was complete"));
      channel.close();
      Files.deleteIfExists(temp);
    }
  }

  private void startSelfCheck(Compression compression, String fileName) {
    InputStream written = selfCheckPipe.source();
    Thread thread = new Thread(() -> {
      try {
        ArchiveVerifier.Written checked = ArchiveVerifier.verifyWritten(new java.io.FilterInputStream(written) {
          @Override
          public void close() {
            // drained below: the writer may still be writing the tar's and zstd's last blocks
          }
        }, compression, fileName);
        written.transferTo(OutputStream.nullOutputStream());
        selfCheck.complete(checked);
      } catch (IOException | RuntimeException e) {
        // Completed before the pipe closes, so a writer that finds it closed finds the reason too.
        selfCheck.completeExceptionally(e);
      } finally {
        try {
          written.close();
        } catch (IOException cannotHappen) {
          // the pipe's reading end only sets a flag
        }
      }
    }, "sentinel-backup-self-check");
    thread.setDaemon(true);
    thread.start();
  }

  private java.util.Optional<RuntimeException> selfCheckFailure() {
    if (!selfCheck.isCompletedExceptionally()) {
      return java.util.Optional.empty();
    }
    try {
      selfCheck.join();
      return java.util.Optional.empty();
    } catch (java.util.concurrent.CompletionException e) {
      return java.util.Optional.of(e.getCause() instanceof RuntimeException r ? r : e);
    }
  }

  private ArchiveVerifier.Written awaitSelfCheck() throws IOException {
    try {
      return selfCheck.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while checking " + finalPath.getFileName());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ArchiveRejectedException rejected) {
        throw new ArchiveRejectedException("the backup just written does not verify: " + rejected.getMessage(), rejected);
      }
      throw new IOException("checking " + finalPath.getFileName() + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Counts the bytes written to it and keeps their CRC-32C. */
  private static final class TarBytes extends OutputStream {
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private long count;

    @Override
    public void write(int b) {
      crc.update(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
      count += len;
    }
  }
}
