package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a replicated service is rolled to a new version (used by the Swarm target).
 *
 * <pre>{@code
 * svc.updateConfig(u -> u.parallelism(1).delay(Duration.ofSeconds(10))
 *     .failureAction(UpdateConfig.FailureAction.ROLLBACK).order(UpdateConfig.Order.START_FIRST));
 * }</pre>
 *
 * @param parallelism how many tasks are updated at once; 0 for all
 * @param delay the pause between batches
 * @param failureAction what to do when an updated task fails
 * @param order whether new tasks start before old ones stop
 * @param monitor how long each updated task is watched for failure (Compose's {@code monitor});
 *     empty for Sentinel's default of 5 s
 * @param maxFailureRatio the share of tasks that may fail during the update before the failure
 *     action is taken, from 0 (none, the default) to 1 (Compose's {@code max_failure_ratio})
 */
public record UpdateConfig(int parallelism, Duration delay, FailureAction failureAction, Order order, Optional<Duration> monitor,
    double maxFailureRatio) {
  /** The engine's defaults: one at a time, no delay, pause on failure, stop first. */
  public static final UpdateConfig DEFAULT = new UpdateConfig(1, Duration.ZERO, FailureAction.PAUSE, Order.STOP_FIRST);

  /** An update config with the default monitor and no failure tolerated. */
  public UpdateConfig(int parallelism, Duration delay, FailureAction failureAction, Order order) {
    this(parallelism, delay, failureAction, order, Optional.empty(), 0);
  }

  /** What happens when an updated task fails. */
  public enum FailureAction {
    PAUSE,
    CONTINUE,
    ROLLBACK;

    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether new tasks start before or after old ones stop. */
  public enum Order {
    STOP_FIRST("stop-first"),
    START_FIRST("start-first");

    private final String value;

    Order(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  public UpdateConfig {
    checkArgument(parallelism >= 0, "parallelism cannot be negative: %s", parallelism);
    checkNotNull(delay, "delay");
    checkArgument(!delay.isNegative(), "delay cannot be negative: %s", delay);
    checkNotNull(failureAction, "failureAction");
    checkNotNull(order, "order");
    checkNotNull(monitor, "monitor");
    monitor.ifPresent(m -> checkArgument(!m.isNegative() && !m.isZero(), "monitor must be positive: %s", m));
    checkArgument(maxFailureRatio >= 0 && maxFailureRatio <= 1, "maxFailureRatio must be between 0 and 1, got %s", maxFailureRatio);
  }
}
