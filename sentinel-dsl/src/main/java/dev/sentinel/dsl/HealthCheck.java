package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the engine decides a container is healthy. Unset timings take the engine's defaults (30 s
 * interval and timeout, 3 retries, no start period).
 *
 * <pre>{@code
 * svc.healthCheck(h -> h.httpGet(8080, "/health").every(Duration.ofSeconds(10)).retries(3));
 * svc.healthCheck(h -> h.shell("redis-cli ping | grep PONG"));
 * }</pre>
 *
 * @param test what to run, or {@link Test.Disabled} to switch off the image's own check
 * @param interval the time between checks
 * @param timeout how long one check may take
 * @param retries how many consecutive failures make the container unhealthy
 * @param startPeriod a grace period after start in which failures do not count
 * @param startInterval the time between checks during the start period (Compose's {@code
 *     start_interval}); engines before 25 (API 1.44) ignore it
 */
public record HealthCheck(
    Test test,
    Optional<Duration> interval,
    Optional<Duration> timeout,
    Optional<Integer> retries,
    Optional<Duration> startPeriod,
    Optional<Duration> startInterval) {

  public HealthCheck {
    checkNotNull(test, "test");
    checkNotNull(interval, "interval");
    checkNotNull(timeout, "timeout");
    checkNotNull(retries, "retries");
    checkNotNull(startPeriod, "startPeriod");
    checkNotNull(startInterval, "startInterval");
  }

  /** A health check that turns off the one the image declares. */
  public static HealthCheck disabled() {
    return new HealthCheck(
        Test.Disabled.INSTANCE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether this check is switched off. */
  public boolean isDisabled() {
    return test instanceof Test.Disabled;
  }

  /** What a health check runs. */
  public sealed interface Test permits Test.Exec, Test.Shell, Test.Disabled {
    /** The engine's form: {@code ["CMD", ...]}, {@code ["CMD-SHELL", cmd]} or {@code ["NONE"]}. */
    List<String> toEngineForm();

    /** A program and its arguments, run without a shell. */
    record Exec(List<String> command) implements Test {
      public Exec {
        command = ImmutableList.copyOf(command);
      }

      @Override
      public List<String> toEngineForm() {
        return ImmutableList.<String>builder().add("CMD").addAll(command).build();
      }
    }

    /** A command line run by the container's {@code /bin/sh -c}. */
    record Shell(String command) implements Test {
      public Shell {
        checkNotNull(command, "command");
      }

      @Override
      public List<String> toEngineForm() {
        return List.of("CMD-SHELL", command);
      }
    }

    /** No health check, not even the image's. */
    enum Disabled implements Test {
      INSTANCE;

      @Override
      public List<String> toEngineForm() {
        return List.of("NONE");
      }
    }
  }
}
