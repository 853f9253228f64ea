package dev.sentinel.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.backup.internal.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path dir;

  private Path archive(String stack, String timestamp) throws Exception {
    return Files.createFile(dir.resolve(stack + "-" + timestamp + ".tar.zst"));
  }

  @Test
  void keepsTheNewestOfEachOfTheLastDaysAndMonths() throws Exception {
    archive("shop", "20261127T020000Z");
    archive("shop", "20261127T010000Z");
    archive("shop", "20261126T020000Z");
    archive("shop", "20261125T020000Z");
    archive("shop", "20261031T020000Z");
    archive("shop", "20260930T020000Z");
    archive("shop", "20260815T020000Z");
    archive("other", "20200101T000000Z");
    Files.createFile(dir.resolve("notes.txt"));

    List<Retention.Archive> all = Retention.archives(dir, "shop");
    assertThat(all).hasSize(7);
    List<Retention.Archive> prune = Retention.toPrune(all, RetentionPolicy.dailyAndMonthly(2, 3), Optional.empty());
    assertThat(prune).extracting(a -> a.path().getFileName().toString()).containsExactly(
        "shop-20261127T010000Z.tar.zst", "shop-20261125T020000Z.tar.zst", "shop-20260815T020000Z.tar.zst");
  }

  @Test
  void theNewestVerifiedArchiveIsAlwaysKept() throws Exception {
    Path newest = archive("shop", "20261127T020000Z");
    List<Retention.Archive> prune = Retention.toPrune(Retention.archives(dir, "shop"), RetentionPolicy.dailyAndMonthly(0, 0), Optional.of(newest));
    assertThat(prune).isEmpty();
  }

  @Test
  void namesAreStackAndUtcTimestamp() {
    assertThat(Retention.fileName("shop", Instant.parse("2026-11-27T02:15:09Z"), ".tar.zst")).isEqualTo("shop-20261127T021509Z.tar.zst");
  }
}
