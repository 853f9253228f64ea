package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

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
 */
public record UpdateConfig(int parallelism, Duration delay, FailureAction failureAction, Order order) {
  /** The engine's defaults: one at a time, no delay, pause on failure, stop first. */
  public static final UpdateConfig DEFAULT = new UpdateConfig(1, Duration.ZERO, FailureAction.PAUSE, Order.STOP_FIRST);

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
  }
}
