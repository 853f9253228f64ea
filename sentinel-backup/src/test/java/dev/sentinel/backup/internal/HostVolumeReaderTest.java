package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk of a volume's directory on this host, against hand-written expectations of what the
 * engine's archive holds for the same tree (BackupIT compares the two readings on a real engine).
 */
class HostVolumeReaderTest {
  @TempDir Path root;

  private record Seen(TarArchiveEntry header, String data) {}

  private Map<String, Seen> walk() throws IOException {
    Map<String, Seen> seen = new LinkedHashMap<>();
    HostVolumeReader.walk(root, (relative, header, data) -> seen.put(relative, new Seen(header, new String(data.readAllBytes(), StandardCharsets.UTF_8))));
    return seen;
  }

  @Test
  void entriesComeDepthFirstWithEachDirectorysNamesInTheByteOrderOfTheirUtf8() throws IOException {
    for (String file : List.of("b", "B", "a-b", "\u00e4", "dir/z", "dir/a", "a/inner")) {
      Files.createDirectories(root.resolve(file).getParent());
      Files.writeString(root.resolve(file), file);
    }
    assertThat(walk().keySet()).containsExactly("", "B", "a", "a/inner", "a-b", "b", "dir", "dir/a", "dir/z", "\u00e4");
  }

  @Test
  void headersCarryTheModeWithItsFileTypeBitsNumericOwnersAndWholeSecondTimes() throws IOException {
    Path dir = Files.createDirectory(root.resolve("d"));
    Path file = Files.writeString(dir.resolve("f"), "hello");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-02T03:04:05.987654321Z")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("../../nowhere"));
    int uid = (int) Files.getAttribute(file, "unix:uid");

    Map<String, Seen> seen = walk();

    TarArchiveEntry f = seen.get("d/f").header();
    assertThat(f.getMode()).isEqualTo(0100640);
    assertThat(f.isFile()).isTrue();
    assertThat(f.getSize()).isEqualTo(5);
    assertThat(f.getLongUserId()).isEqualTo(uid);
    assertThat(f.getModTime().getTime()).isEqualTo(Instant.parse("2020-01-02T03:04:05Z").toEpochMilli());
    assertThat(seen.get("d/f").data()).isEqualTo("hello");
    assertThat(seen.get("d").header().getMode()).isEqualTo(040750);
    assertThat(seen.get("d").header().isDirectory()).isTrue();
    TarArchiveEntry link = seen.get("dangling").header();
    assertThat(link.isSymbolicLink()).isTrue();
    assertThat(link.getMode()).isEqualTo(0120777);
    assertThat(link.getLinkName()).isEqualTo("../../nowhere");
  }

  @Test
  void aFileWithSeveralLinksIsReadOnceThenArchivedAsHardLinksToItsFirstPathInWalkOrder() throws IOException {
    Path first = Files.writeString(Files.createDirectory(root.resolve("m")).resolve("data"), "payload");
    Files.createLink(root.resolve("z-link"), first);
    Files.createLink(root.resolve("a-link"), first);

    Map<String, Seen> seen = walk();

    assertThat(seen.get("a-link").header().isFile()).isTrue();
    assertThat(seen.get("a-link").data()).isEqualTo("payload");
    for (String other : List.of("m/data", "z-link")) {
      assertThat(seen.get(other).header().isLink()).as(other).isTrue();
      assertThat(seen.get(other).header().getLinkName()).as(other).isEqualTo("a-link");
      assertThat(seen.get(other).header().getSize()).as(other).isZero();
      assertThat(seen.get(other).data()).as(other).isEmpty();
    }
  }

  @Test
  void aSymbolicLinkToADirectoryOutsideIsArchivedAsALinkAndNotFollowed(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "not in the volume");
    Files.createSymbolicLink(root.resolve("escape"), outside);

    assertThat(walk().keySet()).containsExactly("", "escape");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aFifoAndASocketAreLeftOutCountedAndNeverOpened() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    try (ServerSocketChannel socket = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(root.resolve("sock")));
      Files.writeString(root.resolve("plain"), "x");
      List<String> names = new ArrayList<>();

      long skipped = HostVolumeReader.walk(root, (relative, header, data) -> names.add(relative));

      assertThat(names).containsExactly("", "plain");
      assertThat(skipped).isEqualTo(2);
    }
  }

  @Test
  void aFileThatGrowsWhileItIsReadFailsTheReadNamingIt() throws IOException {
    Path file = Files.writeString(root.resolve("log"), "12345");

    assertThatThrownBy(() -> HostVolumeReader.walk(root, (relative, header, data) -> {
      if (relative.equals("log")) {
        Files.writeString(file, "678", StandardOpenOption.APPEND);
        data.readAllBytes();
      }
    })).isInstanceOf(IOException.class).hasMessage("file log grew while it was read from the volume's directory");
  }

  @Test
  void aFileThatShrinksWhileItIsReadFailsTheReadNamingIt() throws IOException {
    Path file = Files.writeString(root.resolve("log"), "12345");

    assertThatThrownBy(() -> HostVolumeReader.walk(root, (relative, header, data) -> {
      if (relative.equals("log")) {
        Files.writeString(file, "12", StandardOpenOption.TRUNCATE_EXISTING);
        data.readAllBytes();
      }
    })).isInstanceOf(IOException.class).hasMessage("file log shrank while it was read from the volume's directory");
  }
}
