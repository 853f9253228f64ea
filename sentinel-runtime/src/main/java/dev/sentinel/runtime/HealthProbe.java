package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a container's health check, as the engine keeps it (the engine keeps the last five).
 *
 * <pre>{@code
 * target.healthHistory("shop").get("shop-api-1").forEach(p -> log.info("{} exit {} in {}", p.start(), p.exitCode(), p.duration()));
 * }</pre>
 *
 * @param container the container's name
 * @param start when the check started
 * @param end when it ended
 * @param exitCode 0 healthy, 1 unhealthy, other values an error of the check itself
 * @param output what the check printed, stripped
 */
public record HealthProbe(String container, Instant start, Instant end, int exitCode, String output) {
  public HealthProbe {
    checkNotNull(container, "container");
    checkNotNull(start, "start");
    checkNotNull(end, "end");
    checkNotNull(output, "output");
  }

  /** How long the check took. */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /** Whether the check passed. */
  public boolean passed() {
    return exitCode == 0;
  }
}
