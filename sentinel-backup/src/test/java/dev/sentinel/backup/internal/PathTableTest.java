package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compact path map behaves as a map through many growths. */
class PathTableTest {
  @Test
  void everyStoredPathIsFoundWithItsLatestValueAndNoOtherIs() {
    PathTable table = new PathTable();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      table.put("dir" + (i % 997) + "/file-" + i, (byte) (1 + i % 3));
    }
    for (int i = 0; i < n; i += 7) {
      table.put("dir" + (i % 997) + "/file-" + i, (byte) 0x13);
    }
    for (int i = 0; i < n; i++) {
      byte expected = i % 7 == 0 ? (byte) 0x13 : (byte) (1 + i % 3);
      assertThat(table.get("dir" + (i % 997) + "/file-" + i)).as("file-%d", i).isEqualTo(expected);
    }
    for (int i = 0; i < 10_000; i++) {
      assertThat(table.get("dir" + (i % 997) + "/other-" + i)).isZero();
    }
    assertThat(table.get("")).isZero();
    table.put("", (byte) 1);
    assertThat(table.get("")).isEqualTo((byte) 1);
  }
}
