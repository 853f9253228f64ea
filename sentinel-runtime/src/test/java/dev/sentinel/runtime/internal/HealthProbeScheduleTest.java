package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.runtime.internal.HealthProbe.EngineSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the engine runs its next health check, as Sentinel's early probes expect it (no Docker). */
class HealthProbeScheduleTest {
  private static final Instant STARTED = Instant.parse("2026-12-03T09:00:00Z");

  private static EngineSchedule every(String interval) {
    return new EngineSchedule(Optional.of(STARTED), Duration.parse(interval), Duration.ZERO, Duration.ZERO);
  }

  @Test
  void theFirstCheckIsOneIntervalAfterTheStartThenEveryInterval() {
    EngineSchedule schedule = every("PT1S");
    assertThat(HealthProbe.untilEngineCheck(Duration.ZERO, schedule)).isEqualTo(Duration.ofSeconds(1));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(300), schedule)).isEqualTo(Duration.ofMillis(700));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(1000), schedule)).isEqualTo(Duration.ofSeconds(1));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(2600), schedule)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void withinTheStartPeriodTheStartIntervalSetsTheCadenceThenTheInterval() {
    // start_period 3s, start_interval 1s, interval 30s: checks at 1, 2, 3, then 33, 63 s.
    EngineSchedule schedule = new EngineSchedule(Optional.of(STARTED), Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(1));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(200), schedule)).isEqualTo(Duration.ofMillis(800));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(2500), schedule)).isEqualTo(Duration.ofMillis(500));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(3000), schedule)).isEqualTo(Duration.ofSeconds(30));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofSeconds(40), schedule)).isEqualTo(Duration.ofSeconds(23));
    // A start period that is not a whole number of start intervals: checks at 2, 4, 6, then 36 s.
    EngineSchedule uneven = new EngineSchedule(Optional.of(STARTED), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(4500), uneven)).isEqualTo(Duration.ofMillis(1500));
    assertThat(HealthProbe.untilEngineCheck(Duration.ofMillis(6500), uneven)).isEqualTo(Duration.ofMillis(29500));
  }

  @Test
  void aProbeIsLeftOutOnlyWhenTheEnginesCheckComesWithinTheWindow() {
    EngineSchedule schedule = every("PT1S");
    Duration soon = Duration.ofMillis(500);
    assertThat(HealthProbe.engineChecksWithin(schedule, soon, STARTED.plusMillis(100))).as("0.9 s before the first check").isFalse();
    assertThat(HealthProbe.engineChecksWithin(schedule, soon, STARTED.plusMillis(700))).as("0.3 s before it").isTrue();
    assertThat(HealthProbe.engineChecksWithin(schedule, soon, STARTED.plusMillis(1200))).as("0.8 s before the second").isFalse();
    assertThat(HealthProbe.engineChecksWithin(schedule, soon, STARTED.minusMillis(200))).as("a clock behind the engine's counts from the start").isFalse();
    EngineSchedule unknownStart = new EngineSchedule(Optional.empty(), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
    assertThat(HealthProbe.engineChecksWithin(unknownStart, soon, STARTED.plusMillis(700))).as("no start time: every probe runs").isFalse();
  }
}
