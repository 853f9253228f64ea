package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * Configures an {@link UpdateConfig}; unset fields keep the engine's defaults.
 *
 * <pre>{@code
 * svc.updateConfig(u -> u.parallelism(1).delay("10s").failureAction(UpdateConfig.FailureAction.ROLLBACK));
 * }</pre>
 */
public final class UpdateConfigBuilder {
  private final Problems problems;
  private final String path;
  private int parallelism;
  private Duration delay;
  private UpdateConfig.FailureAction failureAction;
  private UpdateConfig.Order order;

  UpdateConfigBuilder(UpdateConfig from, Problems problems, String path) {
    this.problems = problems;
    this.path = path;
    this.parallelism = from.parallelism();
    this.delay = from.delay();
    this.failureAction = from.failureAction();
    this.order = from.order();
  }

  /** How many replicas are updated at once; 0 for all. */
  public UpdateConfigBuilder parallelism(int parallelism) {
    if (parallelism < 0) {
      problems.add(path + ".parallelism", "parallelism cannot be negative, got " + parallelism);
    } else {
      this.parallelism = parallelism;
    }
    return this;
  }

  /** The pause between batches. */
  public UpdateConfigBuilder delay(Duration delay) {
    this.delay = checkNotNull(delay, "delay");
    return this;
  }

  /** The pause between batches, e.g. {@code "10s"}. */
  public UpdateConfigBuilder delay(String delay) {
    problems.parse(path + ".delay", delay, Durations::parse).ifPresent(this::delay);
    return this;
  }

  public UpdateConfigBuilder failureAction(UpdateConfig.FailureAction action) {
    this.failureAction = checkNotNull(action, "action");
    return this;
  }

  public UpdateConfigBuilder order(UpdateConfig.Order order) {
    this.order = checkNotNull(order, "order");
    return this;
  }

  UpdateConfig build() {
    return new UpdateConfig(parallelism, delay, failureAction, order);
  }
}
