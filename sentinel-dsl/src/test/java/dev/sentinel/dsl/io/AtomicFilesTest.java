package dev.sentinel.dsl.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  /** A plain truncate-and-write fails this: the reader sees a short or mixed file. */
  @Test
  void aConcurrentReaderSeesTheOldOrTheNewContentNeverAMixture() throws Exception {
    Path file = dir.resolve("state.json");
    byte[] a = filled((byte) 'a');
    byte[] b = filled((byte) 'b');
    AtomicFiles.write(file, a, AtomicFiles.permissions(0600));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (writing.get() && torn.get() == null) {
        try {
          byte[] seen = Files.readAllBytes(file);
          reads.incrementAndGet();
          if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
            torn.set(seen.length + " bytes, neither all a nor all b");
          }
        } catch (IOException e) {
          torn.set(e.toString()); // the file must always exist
        }
      }
    });
    reader.start();
    for (int i = 0; i < 100; i++) {
      AtomicFiles.write(file, i % 2 == 0 ? b : a, AtomicFiles.permissions(0600));
    }
    writing.set(false);
    reader.join();
    assertThat(torn.get()).as("what the reader saw").isNull();
    assertThat(reads.get()).as("reads during the writes").isPositive();
  }

  @Test
  void theFileHasItsPermissionsAndNoTemporaryFileRemains() throws IOException {
    Path file = dir.resolve("sub/dir/secret");
    AtomicFiles.write(file, new byte[] {1, 2, 3}, AtomicFiles.permissions(0640));
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    assertThat(list(file.getParent())).containsExactly("secret");
  }

  @Test
  void aWriteThatCannotReplaceTheTargetLeavesItAndNoTemporaryFile() throws IOException {
    Path target = Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(target.resolve("keep"), "kept");
    assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1}, AtomicFiles.permissions(0644))).isInstanceOf(IOException.class);
    assertThat(Files.readString(target.resolve("keep"))).isEqualTo("kept");
    assertThat(list(dir)).containsExactly("occupied");
  }

  @Test
  void permissionsSpellOctalModes() {
    assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0755))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0600))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0))).isEqualTo("---------");
  }

  private static byte[] filled(byte value) {
    byte[] bytes = new byte[256 * 1024];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private static java.util.List<String> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
