package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link ParallelOneIT} and {@link ParallelTwoIT} meet: each, with its stack up, registers it
 * and waits for the other, so the check fails unless both stacks of one definition are up at the
 * same moment. (Run the two classes together; one alone waits for its twin in vain and fails.)
 */
final class ParallelTwins {
  private static final Map<String, SentinelStackContainer> UP = new ConcurrentHashMap<>();
  private static final CountDownLatch BOTH_UP = new CountDownLatch(2);

  private ParallelTwins() {}

  static void meetTwin(String me, String twin, SentinelStackContainer mine) throws InterruptedException {
    assertThat(mine.status().allReady()).as(mine.status().toText()).isTrue();
    UP.put(me, mine);
    BOTH_UP.countDown();
    assertThat(BOTH_UP.await(3, TimeUnit.MINUTES)).as("%s was not up at the same time as %s", twin, me).isTrue();
    SentinelStackContainer other = UP.get(twin);
    assertThat(other.status().allReady()).as("%s, seen from %s", twin, me).isTrue();
    assertThat(mine.getStackName()).startsWith("web-").isNotEqualTo(other.getStackName());
    // Distinct names keep their engine objects apart: no container of one is in the other's status.
    assertThat(mine.status().containers()).extracting(c -> c.id())
        .doesNotContainAnyElementsOf(other.status().containers().stream().map(c -> c.id()).toList());
  }
}
