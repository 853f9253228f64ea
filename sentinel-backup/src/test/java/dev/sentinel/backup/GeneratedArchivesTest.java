package dev.sentinel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.backup.internal.ArchiveStreams;
import dev.sentinel.backup.internal.ArchiveVerifier;
import dev.sentinel.backup.internal.ContentDigest;
import dev.sentinel.backup.internal.HostTreeWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Thousands of archives from a grammar of path spellings ({@code .}, {@code //}, trailing and
 * leading slashes, {@code ..} in names and link targets, look-alike characters, long names written
 * as PAX or GNU long-name records, duplicates, link-then-directory, directory-then-link, hard links),
 * each with a valid manifest, matching digests and a matching {@code .sha256}, so that only the
 * layout can be refused. The judge is {@link NaiveExtraction}: whatever {@code verify} accepts
 * must keep every write inside the volume under naive extraction, and whatever would escape must be
 * refused, with a message naming an entry. The host writer (a restore's fast path, which verifies as
 * it writes) gets every archive too: nothing may appear outside the volume's directory (nor in {@code
 * /} or {@code /etc}), and it must write whole exactly what verify accepts. 10,000 archives per run ({@code
 * jqwik.tries.default}).
 */
class GeneratedArchivesTest {
  private static final String PREFIX = ArchiveVerifier.VOLUMES + "v/";
  private static Path dir;
  private static final AtomicInteger hostileRefused = new AtomicInteger();
  private static final AtomicInteger harmlessAccepted = new AtomicInteger();
  private static final AtomicInteger harmlessRefused = new AtomicInteger();

  /** One generated entry: its type, its name as written in the archive, and its link target. */
  record Item(String type, String name, String link) {}

  private static final AtomicInteger writtenOnHost = new AtomicInteger();
  private static java.util.Set<String> rootAndEtcBefore;

  @BeforeContainer
  static void directory() throws IOException {
    dir = Files.createTempDirectory("generated-archives");
    rootAndEtcBefore = rootAndEtc();
  }

  /** What / and /etc hold: a host write that escaped through a link to "/" or "/etc" would add to it. */
  private static java.util.Set<String> rootAndEtc() throws IOException {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (Path d : List.of(Path.of("/"), Path.of("/etc"))) {
      try (var files = Files.list(d)) {
        files.forEach(f -> names.add(f.toString()));
      }
    }
    return names;
  }

  /** The run's counts; a grammar that stopped producing attacks (or valid archives) fails here. */
  @AfterContainer
  static void report() throws IOException {
    int total = hostileRefused.get() + harmlessAccepted.get() + harmlessRefused.get();
    System.out.printf("generated archives: %d; hostile, all refused: %d; harmless accepted: %d; harmless refused: %d;"
        + " written by the host writer: %d%n", total, hostileRefused.get(), harmlessAccepted.get(), harmlessRefused.get(), writtenOnHost.get());
    removeDirectory();
    assertThat(rootAndEtc()).as("/ and /etc after the host writes").isEqualTo(rootAndEtcBefore);
    assertThat(hostileRefused.get()).as("hostile archives generated").isGreaterThan(total / 10);
    assertThat(harmlessAccepted.get()).as("harmless archives accepted").isGreaterThan(total / 20);
  }

  private static void removeDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @Property
  void verifyAcceptsOnlyArchivesWhoseEveryWriteStaysInsideTheVolume(
      @ForAll("archives") List<Item> items, @ForAll boolean gnuLongNames) throws IOException {
    Path archive = write(items, gnuLongNames);
    NaiveExtraction judge = new NaiveExtraction();
    for (TarArchiveEntry read : readBack(archive)) {
      judge.extract(read.getName(), typeAsRead(read), read.getLinkName());
    }
    boolean hostile = !judge.escapes().isEmpty();
    boolean written = writeOnHost(archive, items);
    try {
      VolumeBackup.verify(archive);
      assertThat(judge.escapes()).as("accepted, but a naive extraction of %s escapes", items).isEmpty();
      assertThat(written).as("accepted by verify, refused by the host writer: %s", items).isTrue();
      harmlessAccepted.incrementAndGet();
    } catch (ArchiveRejectedException e) {
      assertThat(written).as("refused by verify, written by the host writer: %s", items).isFalse();
      if (hostile) {
        assertThat(e.getMessage()).as("the refusal of %s", items).matches("(?s)entry .+ is refused: .+");
        hostileRefused.incrementAndGet();
      } else {
        harmlessRefused.incrementAndGet();
      }
    }
  }

  /**
   * The host writer (a restore's fast path, verifying as it writes): whatever it does, nothing
   * appears outside the volume's directory (a box deep enough that "../../../.." stays inside).
   *
   * @return whether it wrote the archive whole
   */
  private static boolean writeOnHost(Path archive, List<Item> items) throws IOException {
    Path box = Files.createDirectories(dir.resolve("box/a/b/c/d"));
    Path root = Files.createDirectory(box.resolve("volume"));
    boolean written;
    try {
      HostTreeWriter.write(archive, volume -> volume.equals("v") ? Optional.of(root) : Optional.empty());
      written = true;
      writtenOnHost.incrementAndGet();
    } catch (ArchiveRejectedException | IOException refused) {
      written = false;
    }
    try (var all = Files.walk(dir.resolve("box"))) {
      assertThat(all.filter(p -> !p.startsWith(root) && !box.startsWith(p))).as("written outside the volume by %s", items).isEmpty();
    }
    com.google.common.io.MoreFiles.deleteRecursively(dir.resolve("box"));
    return written;
  }

  @Provide
  Arbitrary<List<Item>> archives() {
    return item().list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<Item> item() {
    Arbitrary<String> type = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just("file")), net.jqwik.api.Tuple.of(2, Arbitraries.just("dir")),
        net.jqwik.api.Tuple.of(3, Arbitraries.just("symlink")), net.jqwik.api.Tuple.of(1, Arbitraries.just("hardlink")));
    Arbitrary<String> link = Arbitraries.oneOf(
        Arbitraries.of("/etc", "/etc/passwd", "/", "..", "../..", "../../..", "../../../../etc", "a", "./a", "a/../..",
            "ａ", "．．/．．", "volumes/v/a", "volumes/v/./a", "volumes/v/../../etc/passwd", "volumes/w/a", "/x/volumes/v/a"),
        path().map(p -> PREFIX + p));
    return Combinators.combine(type, name(), link).as(Item::new);
  }

  /** An entry name: mostly under volumes/v/, sometimes spelled to leave it. */
  private static Arbitrary<String> name() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(12, path().map(p -> PREFIX + p)),
        net.jqwik.api.Tuple.of(2, path().map(p -> ArchiveVerifier.VOLUMES + "v//" + p)),
        net.jqwik.api.Tuple.of(2, path().map(p -> "./" + PREFIX + p)),
        net.jqwik.api.Tuple.of(1, path().map(p -> "/" + PREFIX + p)),
        net.jqwik.api.Tuple.of(1, path().map(p -> ArchiveVerifier.VOLUMES + "v/../" + p)),
        net.jqwik.api.Tuple.of(1, path().map(p -> ArchiveVerifier.VOLUMES + "w/" + p)),
        net.jqwik.api.Tuple.of(1, path()));
  }

  /** A path inside the volume, from a small alphabet so that names collide and links get walked through. */
  private static Arbitrary<String> path() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", "escape", "a", "b", ".", "..", "", "ａ", "．．", "a\u2215b", "etc",
        "d".repeat(90), "e".repeat(256));
    Arbitrary<String> separator = Arbitraries.of("/", "/", "/", "//", "/./");
    return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(4), separator, Arbitraries.of("", "", "/"))
        .as((segments, sep, trailing) -> String.join(sep, segments) + trailing);
  }

  /** The archive Sentinel would write for these entries: digests, manifest and .sha256 all matching. */
  private static Path write(List<Item> items, boolean gnuLongNames) throws IOException {
    ContentDigest digest = new ContentDigest();
    Path archive = dir.resolve("generated.tar.zst");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = ArchiveStreams.writer(file, Compression.ZSTD, 1)) {
      if (gnuLongNames) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      }
      for (Item item : items) {
        byte[] data = typeAsRead(item).equals("file") ? ("content of " + item.name() + "\n").getBytes(StandardCharsets.UTF_8) : null;
        TarArchiveEntry e = entry(item, data);
        HostileArchives.append(tar, digest, e, data);
      }
      Manifest manifest = new Manifest(Manifest.FORMAT, "test", "generated", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"),
          List.of(new VolumeManifest("v", "local", Map.of(), Map.of(), digest.entries(), digest.bytes(), digest.hex())));
      HostileArchives.appendManifest(tar, manifest);
    }
    HostileArchives.writeSha256(archive, ArchiveVerifier.sha256(archive));
    return archive;
  }

  /** The type a tar reader sees: a file entry whose name ends in "/" is a directory. */
  private static String typeAsRead(Item item) {
    return typeAsRead(entry(item, null));
  }

  private static String typeAsRead(TarArchiveEntry e) {
    return e.isSymbolicLink() ? "symlink" : e.isLink() ? "hardlink" : e.isDirectory() ? "dir" : "file";
  }

  /** The entries as a tar reader gives them back (names as read: see {@link NaiveExtraction}), without the manifest. */
  private static List<TarArchiveEntry> readBack(Path archive) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (InputStream file = Files.newInputStream(archive);
        TarArchiveInputStream tar = ArchiveStreams.reader(file, Compression.ZSTD)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (!e.getName().equals(ArchiveVerifier.MANIFEST)) {
          entries.add(e);
        }
      }
    }
    return entries;
  }

  private static TarArchiveEntry entry(Item item, byte[] data) {
    byte flag = switch (item.type()) {
      case "dir" -> TarArchiveEntry.LF_DIR;
      case "symlink" -> TarArchiveEntry.LF_SYMLINK;
      case "hardlink" -> TarArchiveEntry.LF_LINK;
      default -> TarArchiveEntry.LF_NORMAL;
    };
    TarArchiveEntry e = new TarArchiveEntry(item.name(), flag, true);
    e.setMode(flag == TarArchiveEntry.LF_DIR ? 0755 : 0644);
    e.setModTime(1_700_000_000_000L);
    if (flag == TarArchiveEntry.LF_SYMLINK || flag == TarArchiveEntry.LF_LINK) {
      e.setLinkName(item.link());
    }
    if (data != null) {
      e.setSize(data.length);
    }
    return e;
  }

}
