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
    return verify(archive, true);
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
    return verify(archive, false);
  }

  private static Manifest verify(Path archive, boolean contents) {
    checkSha256File(archive);
    try (InputStream file = Files.newInputStream(archive)) {
      return verify(file, ArchiveStreams.compressionOf(archive), archive.getFileName().toString(), contents);
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + archive + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every check of {@link #verify(Path)} but the {@code .sha256}, on an archive as a stream of
   * compressed bytes: how a backup checks what it writes while it writes it.
   *
   * @param shownName how messages name the archive
   * @throws ArchiveRejectedException when anything is wrong
   */
  public static Manifest verify(InputStream compressed, Compression compression, String shownName, boolean contents) {
    Map<String, ContentDigest> digests = new LinkedHashMap<>();
    Map<String, VolumeTree> trees = new LinkedHashMap<>();
    Map<String, String> firstEntries = new LinkedHashMap<>();
    Manifest manifest = null;
    try (TarArchiveInputStream tar = ArchiveStreams.reader(compressed, compression)) {
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
        if (contents && e.isFile() && !e.isLink()) {
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

  private static void checkSha256File(Path archive) {
    Path sumFile = archive.resolveSibling(archive.getFileName() + ".sha256");
    String expected;
    try {
      expected = Files.readString(sumFile, StandardCharsets.US_ASCII).strip().split("\\s+")[0];
    } catch (NoSuchFileException e) {
      throw new ArchiveRejectedException("no " + sumFile.getFileName() + " beside " + archive.getFileName());
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + sumFile + ": " + e.getMessage(), e);
    }
    String actual = sha256(archive);
    if (!actual.equals(expected)) {
      throw new ArchiveRejectedException(archive.getFileName() + " does not match " + sumFile.getFileName()
          + " (" + actual + " vs " + expected + "): the file is damaged or incomplete");
    }
  }

  /** The SHA-256 of a file, streamed. */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new ArchiveRejectedException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
