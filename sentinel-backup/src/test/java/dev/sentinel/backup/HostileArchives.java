package dev.sentinel.backup;

import dev.sentinel.backup.internal.ArchiveStreams;
import dev.sentinel.backup.internal.ArchiveVerifier;
import dev.sentinel.backup.internal.ContentDigest;
import dev.sentinel.backup.internal.EntryPath;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds archives that attack a restore, each with a valid .sha256 so that only the attack can be refused. */
final class HostileArchives {
  enum Attack {
    ABSOLUTE_PATH("it has an absolute path"),
    DOT_DOT("its path has a '..' segment"),
    THROUGH_SYMLINK("beneath the symbolic link"),
    THROUGH_SYMLINK_DOT_SPELLING("beneath the symbolic link escape"),
    THROUGH_NESTED_SYMLINK_DOT_SPELLING("beneath the symbolic link d/escape"),
    THROUGH_SYMLINK_DOUBLE_SLASH("beneath the symbolic link escape"),
    DIRECTORY_REPLACES_SYMLINK("would replace the symbolic link escape with a directory"),
    SYMLINK_REPLACES_DIRECTORY("would replace the directory conf with a symbolic link"),
    DUPLICATE_FILE("appears twice"),
    HARDLINK_THROUGH_DOT_SPELLING_TO_NOTHING("is a hard link to"),
    NUL_IN_NAME("contains a NUL character"),
    OVERLONG_SEGMENT("longer than 255 bytes"),
    HARDLINK_OUTSIDE("is a hard link to"),
    DEVICE("it is a device"),
    FIFO("it is a FIFO"),
    UNDESCRIBED_VOLUME("entry volumes/other/ is refused: its volume other is not described by the manifest"),
    OUTSIDE_VOLUMES("is not described by the manifest"),
    MORE_ENTRIES("entries; the manifest declares"),
    MORE_BYTES("bytes; the manifest declares"),
    CHANGED_CONTENT("does not match its checksum"),
    TRUNCATED("truncated or corrupt"),
    WRONG_SHA256_FILE("does not match"),
    NO_MANIFEST("has no manifest.yaml");

    private final String expectedMessage;

    Attack(String expectedMessage) {
      this.expectedMessage = expectedMessage;
    }

    String expectedMessage() {
      return expectedMessage;
    }
  }

  private record Item(String name, byte type, String link, byte[] data) {}

  private HostileArchives() {}

  /** The digest's path of an entry, as an attacker who knows the format computes it (the raw name where it has none). */
  static String digestPath(String name) {
    try {
      return EntryPath.parse(name).relative();
    } catch (ArchiveRejectedException e) {
      return name;
    }
  }

  static Path write(Path dir, Attack attack, String volume) throws IOException {
    String v = ArchiveVerifier.VOLUMES + volume + "/";
    List<Item> items = new ArrayList<>();
    items.add(new Item(v, TarArchiveEntry.LF_DIR, null, null));
    items.add(new Item(v + "ok.txt", TarArchiveEntry.LF_NORMAL, null, "fine\n".getBytes(StandardCharsets.UTF_8)));
    switch (attack) {
      case ABSOLUTE_PATH -> items.add(new Item("/" + v + "etc/passwd", TarArchiveEntry.LF_NORMAL, null, "root::0:0\n".getBytes(StandardCharsets.UTF_8)));
      case DOT_DOT -> items.add(new Item(v + "../../etc/passwd", TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      case THROUGH_SYMLINK -> {
        items.add(new Item(v + "escape", TarArchiveEntry.LF_SYMLINK, "/etc", null));
        items.add(new Item(v + "escape/cron.d/evil", TarArchiveEntry.LF_NORMAL, null, "* * * * * root sh\n".getBytes(StandardCharsets.UTF_8)));
      }
      case THROUGH_SYMLINK_DOT_SPELLING -> {
        items.add(new Item(v + "escape", TarArchiveEntry.LF_SYMLINK, "/etc", null));
        items.add(new Item(v + "./escape/evil", TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      }
      case THROUGH_NESTED_SYMLINK_DOT_SPELLING -> {
        items.add(new Item(v + "d/", TarArchiveEntry.LF_DIR, null, null));
        items.add(new Item(v + "d/escape", TarArchiveEntry.LF_SYMLINK, "/etc", null));
        items.add(new Item(v + "d/./escape/x", TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      }
      case THROUGH_SYMLINK_DOUBLE_SLASH -> {
        items.add(new Item(v + "escape", TarArchiveEntry.LF_SYMLINK, "../../../../etc", null));
        items.add(new Item(v + "escape//passwd", TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      }
      case DIRECTORY_REPLACES_SYMLINK -> {
        items.add(new Item(v + "escape", TarArchiveEntry.LF_SYMLINK, "/etc", null));
        items.add(new Item(v + "escape/", TarArchiveEntry.LF_DIR, null, null));
      }
      case SYMLINK_REPLACES_DIRECTORY -> {
        items.add(new Item(v + "conf/", TarArchiveEntry.LF_DIR, null, null));
        items.add(new Item(v + "conf/app.yml", TarArchiveEntry.LF_NORMAL, null, "a: 1\n".getBytes(StandardCharsets.UTF_8)));
        items.add(new Item(v + "./conf", TarArchiveEntry.LF_SYMLINK, "/etc", null));
      }
      case DUPLICATE_FILE -> items.add(new Item(v + "./ok.txt", TarArchiveEntry.LF_NORMAL, null, "again\n".getBytes(StandardCharsets.UTF_8)));
      case HARDLINK_THROUGH_DOT_SPELLING_TO_NOTHING -> items.add(new Item(v + "h", TarArchiveEntry.LF_LINK, v + "./missing", null));
      // Long enough for a PAX path record, which (unlike the ustar name field) can carry a NUL.
      case NUL_IN_NAME -> items.add(new Item(v + "a\0b" + "c".repeat(120), TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      case OVERLONG_SEGMENT -> items.add(new Item(v + "x".repeat(256), TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      case HARDLINK_OUTSIDE -> items.add(new Item(v + "shadow", TarArchiveEntry.LF_LINK, "/etc/shadow", null));
      case DEVICE -> items.add(new Item(v + "sda", TarArchiveEntry.LF_BLK, null, null));
      case FIFO -> items.add(new Item(v + "pipe", TarArchiveEntry.LF_FIFO, null, null));
      case UNDESCRIBED_VOLUME -> items.add(new Item(ArchiveVerifier.VOLUMES + "other/", TarArchiveEntry.LF_DIR, null, null));
      case OUTSIDE_VOLUMES -> items.add(new Item("extra.sh", TarArchiveEntry.LF_NORMAL, null, "x".getBytes(StandardCharsets.UTF_8)));
      default -> { }
    }
    ContentDigest digest = new ContentDigest();
    List<TarArchiveEntry> entries = new ArrayList<>();
    for (Item item : items) {
      TarArchiveEntry e = new TarArchiveEntry(item.name(), item.type(), true);
      e.setMode(item.type() == TarArchiveEntry.LF_DIR ? 0755 : 0644);
      e.setModTime(1_700_000_000_000L);
      if (item.link() != null) {
        e.setLinkName(item.link());
      }
      if (item.data() != null) {
        e.setSize(item.data().length);
      }
      entries.add(e);
      if (item.name().startsWith(v)) {
        digest.header(digestPath(item.name()), e);
        if (item.data() != null) {
          digest.data(item.data(), 0, item.data().length);
        }
      }
    }
    long declaredEntries = digest.entries() - (attack == Attack.MORE_ENTRIES ? 1 : 0);
    long declaredBytes = digest.bytes() - (attack == Attack.MORE_BYTES ? 1 : 0);
    String sha = attack == Attack.CHANGED_CONTENT ? "0".repeat(64) : digest.hex();
    Manifest manifest = new Manifest(Manifest.FORMAT, "test", "hostile", Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"),
        List.of(new VolumeManifest(volume, "local", Map.of(), Map.of(), declaredEntries, declaredBytes, sha)));
    Path archive = dir.resolve("hostile-" + attack.name().toLowerCase(java.util.Locale.ROOT) + ".tar.zst");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = ArchiveStreams.writer(file, Compression.ZSTD, 3)) {
      for (int i = 0; i < entries.size(); i++) {
        tar.putArchiveEntry(entries.get(i));
        if (items.get(i).data() != null) {
          tar.write(items.get(i).data());
        }
        tar.closeArchiveEntry();
      }
      if (attack != Attack.NO_MANIFEST) {
        appendManifest(tar, manifest);
      }
    }
    if (attack == Attack.TRUNCATED) {
      byte[] all = Files.readAllBytes(archive);
      Files.write(archive, java.util.Arrays.copyOf(all, all.length / 2));
    }
    writeSha256(archive, attack == Attack.WRONG_SHA256_FILE ? "f".repeat(64) : ArchiveVerifier.sha256(archive));
    return archive;
  }

  /** Writes one entry (with its data, if any) and adds both to {@code digest}, as a backup does. */
  static void append(TarArchiveOutputStream tar, ContentDigest digest, TarArchiveEntry e, byte[] data) throws IOException {
    digest.header(digestPath(e.getName()), e);
    tar.putArchiveEntry(e);
    if (data != null) {
      tar.write(data);
      digest.data(data, 0, data.length);
    }
    tar.closeArchiveEntry();
  }

  /** Appends {@code manifest.yaml}, as a backup's last entry. */
  static void appendManifest(TarArchiveOutputStream tar, Manifest manifest) throws IOException {
    byte[] yaml = manifest.toYaml().getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry m = new TarArchiveEntry(ArchiveVerifier.MANIFEST);
    m.setSize(yaml.length);
    tar.putArchiveEntry(m);
    tar.write(yaml);
    tar.closeArchiveEntry();
  }

  /** Writes the {@code .sha256} beside {@code archive}. */
  static void writeSha256(Path archive, String sum) throws IOException {
    Files.writeString(archive.resolveSibling(archive.getFileName() + ".sha256"), sum + "  " + archive.getFileName() + "\n");
  }
}
