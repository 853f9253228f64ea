package dev.sentinel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.backup.internal.ArchiveStreams;
import dev.sentinel.backup.internal.ArchiveVerifier;
import dev.sentinel.backup.internal.ContentDigest;
import dev.sentinel.backup.internal.HostTreeWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostTreeWriter} against GNU tar, which extracts the same archive beside it (numeric owners,
 * modes with their special bits, times): both trees must be described alike by {@code find}. And
 * every hostile archive must be refused without anything written outside the volume's directory.
 */
class HostTreeWriterTest {
  @TempDir Path dir;

  private static final long MTIME = 1_577_934_245_000L;

  /** One entry to write: name under volumes/v/, tar type, mode, link target, content. */
  private record Item(String name, byte type, int mode, String link, String content) {}

  private final int uid = ids("-u");
  private final int gid = ids("-g");

  private static int ids(String flag) {
    try {
      Process p = new ProcessBuilder("id", flag).start();
      return Integer.parseInt(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyKindOfEntryIsWrittenAsGnuTarExtractsIt() throws Exception {
    String v = ArchiveVerifier.VOLUMES + "v/";
    List<Item> items = List.of(
        new Item(v, TarArchiveEntry.LF_DIR, 0750, null, null),
        new Item(v + "dir/", TarArchiveEntry.LF_DIR, 02755, null, null),
        // Explicit: GNU tar makes implied parents before their setgid parent gets its mode, the engine (and this writer) after.
        new Item(v + "dir/sub/", TarArchiveEntry.LF_DIR, 0750, null, null),
        new Item(v + "dir/sub/file.txt", TarArchiveEntry.LF_NORMAL, 0640, null, "hello\n"),
        new Item(v + "dir/link", TarArchiveEntry.LF_SYMLINK, 0777, "sub/file.txt", null),
        new Item(v + "dir/absolute-link", TarArchiveEntry.LF_SYMLINK, 0777, "/etc/hostname", null),
        new Item(v + "dir/hard", TarArchiveEntry.LF_LINK, 0640, v + "dir/sub/file.txt", null),
        new Item(v + "dir/héllo wörld 日本.txt", TarArchiveEntry.LF_NORMAL, 0600, null, "unicode\n"),
        new Item(v + "x".repeat(200), TarArchiveEntry.LF_NORMAL, 04755, null, "long name\n"),
        new Item(v + "sticky/", TarArchiveEntry.LF_DIR, 01777, null, null),
        // Out of depth-first order: a directory's entry after its content.
        new Item(v + "late/x", TarArchiveEntry.LF_NORMAL, 0644, null, "x\n"),
        new Item(v + "late/", TarArchiveEntry.LF_DIR, 0705, null, null),
        new Item(v + "empty", TarArchiveEntry.LF_NORMAL, 0444, null, ""),
        new Item(v + "big.bin", TarArchiveEntry.LF_NORMAL, 0644, null, "0123456789abcdef".repeat(200_000)));
    Path archive = archive(items, Map.of());

    Path ours = Files.createDirectory(dir.resolve("ours"));
    HostTreeWriter.write(archive, volume -> Optional.of(ours));

    Path gnu = Files.createDirectory(dir.resolve("gnu"));
    run(gnu, "sh", "-c", "zstd -dc '" + archive + "' | tar -x --numeric-owner -p -f - --exclude manifest.yaml");
    String expected = describe(gnu.resolve("volumes/v"));
    assertThat(describe(ours)).isEqualTo(expected);
    assertThat(expected).contains("./dir|directory|2755|").contains("./dir/sub/file.txt|regular file|640|" + uid + "|" + gid + "|1577934245|6|2")
        .contains("./dir/link|symbolic link|777").contains("./sticky|directory|1777").contains("|regular file|4755|")
        .contains("héllo wörld 日本.txt").contains("./late|directory|705|" + uid + "|" + gid + "|1577934245|");
  }

  /** GNU tar gives such a directory the time of the late write; the engine's extraction (Go) sets every directory's time last. */
  @Test
  void aDirectoryWrittenIntoAgainAfterOthersKeepsItsArchivedTimeAsTheEnginesExtractionGivesIt() throws Exception {
    String v = ArchiveVerifier.VOLUMES + "v/";
    Path archive = archive(List.of(
        new Item(v, TarArchiveEntry.LF_DIR, 0755, null, null),
        new Item(v + "a/", TarArchiveEntry.LF_DIR, 0755, null, null),
        new Item(v + "a/x", TarArchiveEntry.LF_NORMAL, 0644, null, "x\n"),
        new Item(v + "b/", TarArchiveEntry.LF_DIR, 0700, null, null),
        new Item(v + "b/y", TarArchiveEntry.LF_NORMAL, 0644, null, "y\n"),
        new Item(v + "a/z", TarArchiveEntry.LF_NORMAL, 0644, null, "z\n")), Map.of());
    Path root = Files.createDirectory(dir.resolve("root"));
    HostTreeWriter.write(archive, volume -> Optional.of(root));
    assertThat(run(root, "sh", "-c", "stat -c '%n %a %Y' . a b a/x b/y a/z")).isEqualTo(String.join("\n",
        ". 755 1577934245", "a 755 1577934245", "b 700 1577934245", "a/x 644 1577934245", "b/y 644 1577934245", "a/z 644 1577934245", ""));
  }

  @Test
  void contentThatDoesNotMatchTheManifestIsRefusedOnceWritten() throws Exception {
    Path archive = archive(List.of(new Item(ArchiveVerifier.VOLUMES + "v/a", TarArchiveEntry.LF_NORMAL, 0644, null, "a\n")), Map.of(), true);
    Path root = Files.createDirectory(dir.resolve("root"));
    assertThatThrownBy(() -> HostTreeWriter.write(archive, volume -> Optional.of(root)))
        .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining("volume v does not match its checksum");
  }

  @Test
  void aFailureOfTheWriterItselfIsReportedAsSuchNotAsADamagedArchive() throws Exception {
    Path archive = archive(List.of(new Item(ArchiveVerifier.VOLUMES + "v/a", TarArchiveEntry.LF_NORMAL, 0644, null, "a\n")), Map.of());
    assertThatThrownBy(() -> HostTreeWriter.write(archive, volume -> {
      throw new IllegalStateException("engine unreachable");
    })).isInstanceOf(IOException.class).isNotInstanceOf(ArchiveRejectedException.class).hasMessage("engine unreachable");
    Path file = Files.createFile(dir.resolve("not-a-directory"));
    assertThatThrownBy(() -> HostTreeWriter.write(archive, volume -> Optional.of(file)))
        .isInstanceOf(IOException.class).isNotInstanceOf(ArchiveRejectedException.class);
  }

  @Test
  void anEntryWithExtendedAttributesIsLeftToTheEngine() throws Exception {
    Path archive = archive(List.of(new Item(ArchiveVerifier.VOLUMES + "v/cap", TarArchiveEntry.LF_NORMAL, 0755, null, "bin\n")),
        Map.of("SCHILY.xattr.security.capability", "\u0001\u0000\u0000\u0002"), false);
    Path root = Files.createDirectory(dir.resolve("root"));
    assertThatThrownBy(() -> HostTreeWriter.write(archive, volume -> Optional.of(root)))
        .isInstanceOf(HostTreeWriter.NotWritableOnHost.class)
        .hasMessage("entry volumes/v/cap has attributes only the engine's extraction keeps [SCHILY.xattr.security.capability]");
  }

  @Test
  void everyHostileArchiveIsRefusedAndNothingIsWrittenOutsideTheVolumesDirectory() throws Exception {
    // Deep enough that the attacks' "../../../../etc" still lands inside the box, where the walk sees it.
    Path box = Files.createDirectories(dir.resolve("box/a/b/c/d"));
    Path root = box.resolve("volume");
    String passwd = ArchiveVerifier.sha256(Path.of("/etc/passwd"));
    for (HostileArchives.Attack attack : HostileArchives.Attack.values()) {
      Files.createDirectory(root);
      Path archive = HostileArchives.write(dir, attack, "v");
      assertThatThrownBy(() -> HostTreeWriter.write(archive, volume -> Optional.of(root))).as(attack.name())
          .isInstanceOf(ArchiveRejectedException.class).hasMessageContaining(attack.expectedMessage());
      try (Stream<Path> all = Files.walk(dir.resolve("box"))) {
        assertThat(all.filter(p -> !p.startsWith(root) && !box.startsWith(p))).as(attack.name()).isEmpty();
      }
      for (String outside : List.of("/etc/evil", "/etc/x", "/etc/cron.d/evil")) {
        assertThat(Files.exists(Path.of(outside), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(attack.name() + ": " + outside).isFalse();
      }
      assertThat(ArchiveVerifier.sha256(Path.of("/etc/passwd"))).as(attack.name()).isEqualTo(passwd);
      run(dir, "rm", "-rf", root.toString());
    }
  }

  private Path archive(List<Item> items, Map<String, String> pax) throws IOException {
    return archive(items, pax, false);
  }

  /** A Sentinel archive of volume v holding {@code items}; with {@code wrongDigest}, its manifest's digest is not theirs. */
  private Path archive(List<Item> items, Map<String, String> pax, boolean wrongDigest) throws IOException {
    ContentDigest digest = new ContentDigest();
    Path archive = dir.resolve("written.tar.zst");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = ArchiveStreams.writer(file, Compression.ZSTD, 1)) {
      for (Item item : items) {
        TarArchiveEntry e = new TarArchiveEntry(item.name(), item.type(), true);
        e.setMode(item.mode());
        e.setModTime(MTIME);
        e.setUserId(uid);
        e.setGroupId(gid);
        pax.forEach(e::addPaxHeader);
        if (item.link() != null) {
          e.setLinkName(item.link());
        }
        byte[] data = item.content() == null ? null : item.content().getBytes(StandardCharsets.UTF_8);
        if (data != null) {
          e.setSize(data.length);
        }
        HostileArchives.append(tar, digest, e, data);
      }
      HostileArchives.appendManifest(tar, new Manifest(Manifest.FORMAT, "test", "host", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"),
          List.of(new VolumeManifest("v", "local", Map.of(), Map.of(), digest.entries(), digest.bytes(), wrongDigest ? "0".repeat(64) : digest.hex()))));
    }
    HostileArchives.writeSha256(archive, ArchiveVerifier.sha256(archive));
    return archive;
  }

  /** A line per entry, from find and stat (GNU coreutils): path, type, mode, owner, mtime, size, links; then link target or content hash. */
  private static String describe(Path root) throws Exception {
    return run(root, "sh", "-c", "find . | LC_ALL=C sort | while read -r f; do stat -c '%n|%F|%a|%u|%g|%Y|%s|%h' \"$f\";"
        + " if [ -L \"$f\" ]; then readlink \"$f\"; elif [ -f \"$f\" ]; then sha256sum \"$f\" | cut -d' ' -f1; fi; done");
  }

  private static String run(Path in, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(all).directory(in.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", all, out).isZero();
    return out;
  }
}
