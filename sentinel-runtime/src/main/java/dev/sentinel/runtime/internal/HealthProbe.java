package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.DockerClient;
import com.google.common.math.LongMath;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's own health test, run by Sentinel through exec exactly as the engine would run it
 * ({@code CMD} as is, {@code CMD-SHELL} through {@code /bin/sh -c}, as the container's user), within
 * the check's timeout; and when the engine runs its own next check of the same test.
 */
final class HealthProbe {
  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);
  /** The engine's defaults for a check's timeout and interval when the container's config gives none. */
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** When the engine's checks run: its cadence, counted from the container's start (empty when the engine does not say). */
  record EngineSchedule(Optional<Instant> startedAt, Duration interval, Duration startPeriod, Duration startInterval) {}

  private final DockerClient docker;
  private final String containerId;
  private final List<String> command;
  private final Duration timeout;
  private final EngineSchedule schedule;

  private HealthProbe(DockerClient docker, String containerId, List<String> command, Duration timeout, EngineSchedule schedule) {
    this.docker = docker;
    this.containerId = containerId;
    this.command = command;
    this.timeout = timeout;
    this.schedule = schedule;
  }

  /** The container's probe; empty when it has no runnable health test (none, or NONE). */
  static Optional<HealthProbe> of(DockerClient docker, String containerId) {
    try {
      // A JSON tree (see EngineJson): read for every container an up starts or waits for.
      JsonNode container = EngineJson.container(docker, containerId).orElse(MissingNode.getInstance());
      JsonNode check = container.path("Config").path("Healthcheck");
      List<String> test = new ArrayList<>();
      check.path("Test").forEach(word -> test.add(word.asText()));
      if (test.isEmpty()) {
        return Optional.empty();
      }
      List<String> command = switch (test.get(0)) {
        case "CMD" -> test.subList(1, test.size());
        case "CMD-SHELL" -> test.size() == 2 ? List.of("/bin/sh", "-c", test.get(1)) : List.of();
        default -> List.of();
      };
      Duration timeout = nanos(check.path("Timeout")).orElse(DEFAULT_TIMEOUT);
      // Only an engine that knows start_interval (25 and later) keeps it in the container's config.
      EngineSchedule schedule = new EngineSchedule(startedAt(container.path("State").path("StartedAt").asText("")),
          nanos(check.path("Interval")).orElse(DEFAULT_INTERVAL), nanos(check.path("StartPeriod")).orElse(Duration.ZERO),
          nanos(check.path("StartInterval")).orElse(Duration.ZERO));
      return command.isEmpty() ? Optional.empty() : Optional.of(new HealthProbe(docker, containerId, List.copyOf(command), timeout, schedule));
    } catch (RuntimeException e) {
      log.debug("no early health probe for {}: {}", containerId, e.toString());
      return Optional.empty();
    }
  }

  /** Whether the test exits 0 now; any trouble running it counts as not (yet) passing. */
  boolean passes() {
    try {
      return Execs.run(docker, containerId, command, timeout).exitCode().filter(code -> code == 0).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      log.debug("early health probe of {} failed to run: {}", containerId, e.toString());
      return false;
    }
  }

  /**
   * Whether the engine runs its own check of this container within {@code soon} from now: a probe
   * of Sentinel's then would answer hardly sooner than the engine's, and costs the engine an exec.
   */
  boolean engineChecksWithin(Duration soon, Instant now) {
    return engineChecksWithin(schedule, soon, now);
  }

  static boolean engineChecksWithin(EngineSchedule schedule, Duration soon, Instant now) {
    return schedule.startedAt().map(started -> now.isAfter(started) ? Duration.between(started, now) : Duration.ZERO)
        .map(sinceStart -> untilEngineCheck(sinceStart, schedule).compareTo(soon) < 0)
        .orElse(false);
  }

  /**
   * How long after {@code sinceStart} the engine's next check of a container starts, as the engine
   * schedules them: every {@code startInterval} within the start period (engines that know it),
   * every {@code interval} after. Approximate: the engine counts each interval from the end of the
   * previous check, which makes its checks later than this says, by a little more each time (exact
   * enough for the first seconds after a start, when Sentinel probes).
   */
  static Duration untilEngineCheck(Duration sinceStart, EngineSchedule schedule) {
    long since = sinceStart.toNanos();
    long startPeriodEnds = 0; // at the first check at or after the start period's end
    long startInterval = schedule.startInterval().toNanos();
    if (startInterval > 0) {
      startPeriodEnds = LongMath.divide(schedule.startPeriod().toNanos(), startInterval, RoundingMode.CEILING) * startInterval;
      if (since < startPeriodEnds) {
        return Duration.ofNanos((since / startInterval + 1) * startInterval - since);
      }
    }
    long interval = schedule.interval().toNanos();
    long next = startPeriodEnds + ((since - startPeriodEnds) / interval + 1) * interval;
    return Duration.ofNanos(next - since);
  }

  private static Optional<Duration> nanos(JsonNode value) {
    long nanos = value.asLong(0);
    return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
  }

  private static Optional<Instant> startedAt(String stamp) {
    try {
      return Optional.of(Instant.parse(stamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
