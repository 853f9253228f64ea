package dev.sentinel.backup.internal;

import dev.sentinel.backup.ArchiveRejectedException;
import dev.sentinel.backup.Compression;
import dev.sentinel.backup.Manifest;
import dev.sentinel.backup.VolumeManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks an archive without Docker: its {@code .sha256}, then every entry (names, types, links),
 * then each volume's entry count, byte count and content digest against the manifest. Streams the
 * archive once; any refusal names the entry and why.
 */
public final class ArchiveVerifier {
  public static final String VOLUMES = "volumes/";
  public static final String MANIFEST = "manifest.yaml";

  private ArchiveVerifier() {}

  /** @throws ArchiveRejectedException when anything is wrong */
  public static Manifest verify(Path archive) {
    return verify(archive, true, Extraction.NONE);
  }

  /**
   * Where each entry goes once it has been checked, in the same pass: a restore's writer, or
   * nowhere. It sees an entry only after the entry's name, type and place were accepted.
   */
  public interface Extraction {
    Extraction NONE = (path, e, data, digest) -> false;

    /**
     * @param data the entry's data, to read to its end showing every byte to {@code digest}
     * @return whether it read the data (else the verifier reads it)
     */
    boolean entry(EntryPath path, TarArchiveEntry e, InputStream data, ContentDigest digest) throws IOException;
  }

  /** Why an extraction stopped (its own failure, not the archive's): carried out of the verifier as it was. */
  public static final class ExtractionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExtractionFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /**
   * Everything {@link #verify(Path)} checks, in one read of the archive, handing each checked entry
   * to {@code extraction}. What was extracted is only good once this returns.
   *
   * @throws ArchiveRejectedException when anything is wrong
   * @throws ExtractionFailed when the extraction failed
   */
  public static Manifest verify(Path archive, Extraction extraction) {
    return verify(archive, true, extraction);
  }

  /**
   * Everything {@link #verify} checks except each volume's content digest and byte count, which
   * whoever streams the data checks instead (a restore into a fresh volume does, while writing): the
   * {@code .sha256}, every entry's name, type and place in the tree, each volume's entry count and
   * the manifest. Reads the archive without hashing its data.
   *
   * @throws ArchiveRejectedException when anything it checks is wrong
   */
  public static Manifest verifyLayout(Path archive) {
    return verify(archive, false, Extraction.NONE);
  }

  private static Manifest verify(Path archive, boolean contents, Extraction extraction) {
    String expected = expectedSha256(archive);
    MessageDigest sha256 = newSha256();
    Compression compression = ArchiveStreams.compressionOf(archive);
    // One read of the file, in two stages side by side: a thread reads, hashes (for the .sha256) and
    // decompresses it; this one checks the entries (and hands them to the extraction).
    try (InputStream file = new DigestInputStream(Files.newInputStream(archive), sha256);
        InputStream tar = ArchiveStreams.readingAhead(ArchiveStreams.decompressed(file, compression), "sentinel-verify-read")) {
      InputStream notClosed = new java.io.FilterInputStream(tar) {
        @Override
        public void close() {
          // drained below, so the whole file is hashed
        }
      };
      Manifest manifest;
      try {
        manifest = verifyTar(notClosed, archive.getFileName().toString(), contents, extraction);
        tar.transferTo(OutputStream.nullOutputStream());
      } catch (ArchiveRejectedException | IOException refused) {
        // A damaged file also fails to parse: when its checksum differs, that is the cause to report.
        compareSha256(archive, expected, sha256(archive));
        throw refused instanceof ArchiveRejectedException r ? r
            : new ArchiveRejectedException(archive.getFileName() + " is truncated or corrupt: " + refused.getMessage(), refused);
      }
      // The decompressor has read to the end of the file; anything it left (trailing bytes) is hashed too.
      file.transferTo(OutputStream.nullOutputStream());
      compareSha256(archive, expected, HexFormat.of().formatHex(sha256.digest()));
      return manifest;
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + archive + ": " + e.getMessage(), e);
    }
  }

  /**
   * What a backup reads back of the archive it is writing: every check of {@link #verifyLayout}
   * but the {@code .sha256} (each entry's name, type and place in the tree, each volume's entry
   * count, the manifest, last), and the CRC-32C and length of the whole tar stream the compressed
   * bytes decode to, for the writer to compare with what it wrote. The data is not hashed again: the
   * writer hashed it for the manifest as it went into that very tar stream, so equal CRCs and
   * lengths say the archive holds what was hashed ({@link #verify(Path)} recomputes it all).
   *
   * @param shownName how messages name the archive
   * @throws ArchiveRejectedException when anything it checks is wrong
   */
  public static Written verifyWritten(InputStream compressed, Compression compression, String shownName) {
    try {
      CRC32C crc = new CRC32C();
      CountingCheckedStream tarBytes = new CountingCheckedStream(ArchiveStreams.decompressed(compressed, compression), crc);
      Manifest manifest = verifyTar(new java.io.FilterInputStream(tarBytes) {
        @Override
        public void close() {
          // read on below: the tar's end-of-archive records and the block's padding count too
        }
      }, shownName, false, Extraction.NONE);
      tarBytes.transferTo(OutputStream.nullOutputStream());
      return new Written(manifest, crc.getValue(), tarBytes.count);
    } catch (IOException e) {
      throw new ArchiveRejectedException(shownName + " is truncated or corrupt: " + e.getMessage(), e);
    }
  }

  /**
   * What {@link #verifyWritten} read.
   *
   * @param tarCrc32c the CRC-32C of the decompressed tar stream, to its very end
   * @param tarBytes that stream's length
   */
  public record Written(Manifest manifest, long tarCrc32c, long tarBytes) {}

  /**
   * A stream that updates a checksum and counts the bytes read through it ({@code skip} reads what
   * it skips through {@code read(byte[], int, int)}, so it is counted there).
   */
  private static final class CountingCheckedStream extends java.util.zip.CheckedInputStream {
    private long count;

    CountingCheckedStream(InputStream in, java.util.zip.Checksum checksum) {
      super(in, checksum);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count += Math.max(n, 0);
      return n;
    }
  }

  /** The checks on the tar stream inside an archive; closes it. */
  private static Manifest verifyTar(InputStream tarStream, String shownName, boolean contents, Extraction extraction) {
    Map<String, ContentDigest> digests = new LinkedHashMap<>();
    Map<String, VolumeTree> trees = new LinkedHashMap<>();
    Map<String, String> firstEntries = new LinkedHashMap<>();
    Manifest manifest = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, 1 << 16, "UTF-8")) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (manifest != null) {
          throw new ArchiveRejectedException("entry " + EntryPath.shown(name) + " is refused: it follows manifest.yaml, which must be last");
        }
        if (name.equals(MANIFEST)) {
          manifest = parseManifest(tar);
          continue;
        }
        EntryPath parsed = EntryPath.parse(name);
        firstEntries.putIfAbsent(parsed.volume(), name);
        ContentDigest digest = digests.computeIfAbsent(parsed.volume(), v -> new ContentDigest());
        trees.computeIfAbsent(parsed.volume(), VolumeTree::new).add(name, parsed, e);
        digest.header(parsed.relative(), e);
        boolean read;
        try {
          read = extraction.entry(parsed, e, tar, digest);
        } catch (IOException failed) {
          throw new ExtractionFailed(failed);
        } catch (ArchiveRejectedException rejected) {
          throw rejected;
        } catch (RuntimeException failed) {
          // The extraction's own failure (an engine call, a file system error): not the archive's fault.
          throw new ExtractionFailed(new IOException(failed.getMessage(), failed));
        }
        if (!read && contents && e.isFile() && !e.isLink()) {
          VolumeCopier.pump(tar, OutputStream.nullOutputStream(), new VolumeCopier.Observer() {
            @Override
            public void entry(String newName, TarArchiveEntry original) {}

            @Override
            public void data(byte[] buffer, int offset, int length) {
              digest.data(buffer, offset, length);
            }
          });
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ArchiveRejectedException rejected) {
        throw rejected;
      }
      if (e instanceof ExtractionFailed failed) {
        throw failed;
      }
      throw new ArchiveRejectedException(shownName + " is truncated or corrupt: " + e.getMessage(), e);
    }
    if (manifest == null) {
      throw new ArchiveRejectedException(shownName + " has no manifest.yaml: it is truncated or not a Sentinel backup");
    }
    compare(manifest, digests, firstEntries, contents);
    return manifest;
  }

  private static void compare(Manifest manifest, Map<String, ContentDigest> digests, Map<String, String> firstEntries, boolean contents) {
    for (String volume : digests.keySet()) {
      if (manifest.volume(volume).isEmpty()) {
        throw new ArchiveRejectedException("entry " + EntryPath.shown(firstEntries.get(volume)) + " is refused: its volume " + volume
            + " is not described by the manifest");
      }
    }
    for (VolumeManifest v : manifest.volumes()) {
      ContentDigest d = digests.get(v.name());
      if (d == null) {
        throw new ArchiveRejectedException("volume " + v.name() + " is in the manifest but not in the archive: it is truncated");
      }
      if (contents) {
        compare(v, d);
      } else {
        compareEntries(v, d);
      }
    }
  }

  private static void compareEntries(VolumeManifest v, ContentDigest d) {
    if (d.entries() != v.entries()) {
      throw new ArchiveRejectedException("volume " + v.name() + " holds " + d.entries() + " entries; the manifest declares " + v.entries());
    }
  }

  /**
   * Compares what was read of one volume with its manifest entry: entries, bytes, content digest.
   *
   * @throws ArchiveRejectedException naming the difference
   */
  public static void compare(VolumeManifest v, ContentDigest d) {
    compareEntries(v, d);
    if (d.bytes() != v.bytes()) {
      throw new ArchiveRejectedException("volume " + v.name() + " holds " + d.bytes() + " bytes; the manifest declares " + v.bytes());
    }
    String hex = d.hex();
    if (!hex.equals(v.sha256())) {
      throw new ArchiveRejectedException("volume " + v.name() + " does not match its checksum (" + hex + ", manifest " + v.sha256() + "): it was changed or damaged");
    }
  }

  private static Manifest parseManifest(TarArchiveInputStream tar) throws IOException {
    if (tar.getCurrentEntry().getSize() > 16 << 20) {
      throw new ArchiveRejectedException("entry manifest.yaml is refused: it is larger than 16 MiB");
    }
    try {
      return Manifest.parse(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ArchiveRejectedException(e.getMessage(), e);
    }
  }

  private static String expectedSha256(Path archive) {
    Path sumFile = archive.resolveSibling(archive.getFileName() + ".sha256");
    try {
      return Files.readString(sumFile, StandardCharsets.US_ASCII).strip().split("\\s+")[0];
    } catch (NoSuchFileException e) {
      throw new ArchiveRejectedException("no " + sumFile.getFileName() + " beside " + archive.getFileName());
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + sumFile + ": " + e.getMessage(), e);
    }
  }

  private static void compareSha256(Path archive, String expected, String actual) {
    if (!actual.equals(expected)) {
      throw new ArchiveRejectedException(archive.getFileName() + " does not match " + archive.getFileName() + ".sha256"
          + " (" + actual + " vs " + expected + "): the file is damaged or incomplete");
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of a file, streamed. */
  public static String sha256(Path file) {
    MessageDigest sha256 = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(sha256.digest());
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
