package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.backup.ArchiveRejectedException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry names parsed into a volume and normalised segments; the limits apply inside the volume. */
class EntryPathTest {
  @Test
  void spellingsOfOnePathParseToTheSameSegments() {
    for (String name : List.of("volumes/v/a/b", "volumes/v/./a//b", "./volumes/v/a/b/", "volumes//v/a/./b/.")) {
      EntryPath path = EntryPath.parse(name);
      assertThat(path.volume()).as(name).isEqualTo("v");
      assertThat(path.segments()).as(name).containsExactly("a", "b");
      assertThat(path.under("mnt")).as(name).isEqualTo("mnt/a/b");
    }
    assertThat(EntryPath.parse("volumes/v/").under("mnt")).isEqualTo("mnt/");
  }

  @Test
  void aPathOfExactlyTheLimitInsideTheVolumeIsAcceptedWhateverThePrefix() {
    // 16 segments of 255 bytes and their 15 slashes: 4095 bytes, one under Linux's PATH_MAX of 4096.
    String inside = String.join("/", Collections.nCopies(16, "x".repeat(255)));
    assertThat(inside.length()).isEqualTo(4095);
    assertThat(EntryPath.parse("volumes/a-rather-long-volume-name/" + inside).relative()).isEqualTo(inside);
    assertThatThrownBy(() -> EntryPath.parse("volumes/v/" + inside + "/yy"))
        .isInstanceOf(ArchiveRejectedException.class)
        .hasMessageEndingWith("is refused: its path inside the volume is longer than 4096 bytes");
  }

  @Test
  void namesThatCouldClimbOutAreRefused() {
    assertThatThrownBy(() -> EntryPath.parse("volumes/v/a/../../x")).hasMessageEndingWith("its path has a '..' segment");
    assertThatThrownBy(() -> EntryPath.parse("/volumes/v/x")).hasMessageEndingWith("it has an absolute path");
    assertThatThrownBy(() -> EntryPath.parse("volumes")).hasMessageEndingWith("it names no volume");
    assertThatThrownBy(() -> EntryPath.parse("etc/passwd")).hasMessageEndingWith("(not under volumes/)");
  }

  @Test
  void namesInMessagesAreQuotedAndEscapedUnlessPlain() {
    assertThat(EntryPath.shown("volumes/v/a.txt")).isEqualTo("volumes/v/a.txt");
    assertThat(EntryPath.shown("")).isEqualTo("\"\"");
    assertThat(EntryPath.shown("a b")).isEqualTo("\"a b\"");
    assertThat(EntryPath.shown("a\nentry x is fine")).isEqualTo("\"a\\u000aentry x is fine\"");
    assertThat(EntryPath.shown("a\0b")).isEqualTo("\"a\\u0000b\"");
  }
}
