package dev.sentinel.backup.internal;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.sentinel.backup.Compression;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Opens compressed tar streams the same way for writing, verifying and restoring. */
public final class ArchiveStreams {
  private static final int BUFFER = 1 << 20;

  private ArchiveStreams() {}

  /** The compression of {@code archive}, from its name. */
  public static Compression compressionOf(Path archive) {
    String name = archive.getFileName().toString();
    for (Compression c : Compression.values()) {
      if (name.endsWith(c.extension())) {
        return c;
      }
    }
    throw new IllegalArgumentException(archive + " is not a Sentinel backup (.tar.zst or .tar.gz)");
  }

  /** A tar writer with PAX headers for long names, big sizes and big ids. */
  public static TarArchiveOutputStream writer(OutputStream raw, Compression compression, int level) throws IOException {
    return writer(raw, compression, level, OutputStream.nullOutputStream());
  }

  /**
   * As {@link #writer(OutputStream, Compression, int)}, also writing every byte of the tar stream,
   * before compression, to {@code tarBytes} (never closed here).
   */
  public static TarArchiveOutputStream writer(OutputStream raw, Compression compression, int level, OutputStream tarBytes)
      throws IOException {
    OutputStream buffered = new BufferedOutputStream(raw, BUFFER);
    OutputStream compressed;
    if (compression == Compression.ZSTD) {
      ZstdOutputStream zstd = new ZstdOutputStream(buffered, level);
      zstd.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
      compressed = zstd;
    } else {
      compressed = new GZIPOutputStream(buffered, BUFFER);
    }
    OutputStream observed = new java.io.FilterOutputStream(compressed) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        tarBytes.write(b, off, len);
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        tarBytes.write(b);
        out.write(b);
      }
    };
    TarArchiveOutputStream tar = new TarArchiveOutputStream(observed, BUFFER, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    return tar;
  }

  /**
   * {@code source} read ahead on a thread of its own (up to 8 MiB), so the engine streaming a
   * volume never waits while the archive's compressor works; closing it closes {@code source}.
   */
  public static InputStream readingAhead(InputStream source, String threadName) {
    return BytePipe.readingAhead(source, threadName, 32, 1 << 18);
  }

  /** A tar reader over a compressed archive. */
  public static TarArchiveInputStream reader(InputStream raw, Compression compression) throws IOException {
    return new TarArchiveInputStream(decompressed(raw, compression), BUFFER, "UTF-8");
  }

  /** The tar stream inside a compressed archive. */
  public static InputStream decompressed(InputStream raw, Compression compression) throws IOException {
    InputStream buffered = new BufferedInputStream(raw, BUFFER);
    return compression == Compression.ZSTD ? new ZstdInputStream(buffered) : new GZIPInputStream(buffered, BUFFER);
  }
}
