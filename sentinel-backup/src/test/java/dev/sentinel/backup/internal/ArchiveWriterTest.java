package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.backup.ArchiveRejectedException;
import dev.sentinel.backup.Compression;
import dev.sentinel.backup.Manifest;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.backup.VolumeManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup's check of what it writes, made while writing, decides whether the archive gets a name. */
class ArchiveWriterTest {
  @TempDir Path dir;

  @Test
  void anArchiveThatChecksOutGetsItsNameAndVerifiesLater() throws IOException {
    Path archive;
    VolumeManifest volume;
    try (ArchiveWriter writer = new ArchiveWriter(dir, "s.tar.zst", Compression.ZSTD, 3)) {
      volume = writer.addVolume("v", "local", Map.of(), Map.of(), VolumeEntries.ofEngineArchive(engineTar()));
      archive = writer.finish(manifest(volume));
    }
    assertThat(archive).isEqualTo(dir.resolve("s.tar.zst"));
    assertThat(VolumeBackup.verify(archive).volumes()).containsExactly(volume);
    assertThat(volume.entries()).isEqualTo(3);
    assertThat(volume.bytes()).isEqualTo("hello\n".length() + 70_000);
  }

  @Test
  void aManifestThatDoesNotDescribeTheVolumeAsWrittenIsRefusedAndLeavesNoFile() throws IOException {
    try (ArchiveWriter writer = new ArchiveWriter(dir, "s.tar.zst", Compression.ZSTD, 3)) {
      VolumeManifest written = writer.addVolume("v", "local", Map.of(), Map.of(), VolumeEntries.ofEngineArchive(engineTar()));
      VolumeManifest wrong = new VolumeManifest(written.name(), written.driver(), written.options(), written.labels(), written.entries(),
          written.bytes(), "0".repeat(64));
      assertThatThrownBy(() -> writer.finish(manifest(wrong)))
          .isInstanceOf(ArchiveRejectedException.class)
          .hasMessageContaining("the backup just written does not verify")
          .hasMessageContaining("the manifest's entry for volume v is not what was written");
    }
    try (var files = Files.list(dir)) {
      assertThat(files).as("no archive, no .sha256, no partial file").isEmpty();
    }
  }

  @Test
  void theReadBackGivesTheCrcAndLengthOfTheWholeTarStreamTheArchiveDecompressesTo() throws IOException {
    byte[] compressed = Files.readAllBytes(writtenArchive());
    // The reference: zstd's own decoder over the whole file, and the JDK's CRC-32C over what it gives.
    byte[] tar;
    try (var in = new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(compressed))) {
      tar = in.readAllBytes();
    }
    java.util.zip.CRC32C expected = new java.util.zip.CRC32C();
    expected.update(tar);
    ArchiveVerifier.Written read = ArchiveVerifier.verifyWritten(new ByteArrayInputStream(compressed), Compression.ZSTD, "s.tar.zst");
    assertThat(read.tarBytes()).isEqualTo(tar.length).isGreaterThan(70_000);
    assertThat(read.tarCrc32c()).isEqualTo(expected.getValue());
    assertThat(read.manifest().volumes()).extracting(VolumeManifest::name).containsExactly("v");
  }

  @Test
  void aTruncatedArchiveDoesNotReadBack() throws IOException {
    byte[] compressed = Files.readAllBytes(writtenArchive());
    byte[] truncated = java.util.Arrays.copyOf(compressed, compressed.length / 2);
    assertThatThrownBy(() -> ArchiveVerifier.verifyWritten(new ByteArrayInputStream(truncated), Compression.ZSTD, "s.tar.zst"))
        .isInstanceOf(ArchiveRejectedException.class)
        .hasMessageStartingWith("s.tar.zst ");
  }

  /** An archive of one volume ({@link #engineTar}), written and named. */
  private Path writtenArchive() throws IOException {
    try (ArchiveWriter writer = new ArchiveWriter(dir, "s.tar.zst", Compression.ZSTD, 3)) {
      return writer.finish(manifest(writer.addVolume("v", "local", Map.of(), Map.of(), VolumeEntries.ofEngineArchive(engineTar()))));
    }
  }

  private static Manifest manifest(VolumeManifest volume) {
    return new Manifest(Manifest.FORMAT, "test", "shop", Optional.empty(), Instant.parse("2026-12-01T00:00:00Z"), List.of(volume));
  }

  /** What the engine's archive GET of a helper's mount looks like: entries under {@code data/}. */
  private static ByteArrayInputStream engineTar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry root = new TarArchiveEntry("data/");
      tar.putArchiveEntry(root);
      tar.closeArchiveEntry();
      file(tar, "data/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
      file(tar, "data/big.bin", new byte[70_000]);
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
