package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;

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
  private Optional<Duration> monitor;
  private double maxFailureRatio;

  UpdateConfigBuilder(UpdateConfig from, Problems problems, String path) {
    this.problems = problems;
    this.path = path;
    this.parallelism = from.parallelism();
    this.delay = from.delay();
    this.failureAction = from.failureAction();
    this.order = from.order();
    this.monitor = from.monitor();
    this.maxFailureRatio = from.maxFailureRatio();
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

  /** How long each updated task is watched for failure, e.g. {@code "10s"}. */
  public UpdateConfigBuilder monitor(String monitor) {
    problems.parse(path + ".monitor", monitor, Durations::parse).ifPresent(m -> {
      if (m.isNegative() || m.isZero()) {
        problems.add(path + ".monitor", "monitor must be positive, got " + monitor);
      } else {
        this.monitor = Optional.of(m);
      }
    });
    return this;
  }

  /** The share of tasks (0 to 1) that may fail during the update before the failure action is taken. */
  public UpdateConfigBuilder maxFailureRatio(double ratio) {
    if (ratio < 0 || ratio > 1 || Double.isNaN(ratio)) {
      problems.add(path + ".maxFailureRatio", "maxFailureRatio must be between 0 and 1, got " + ratio);
    } else {
      this.maxFailureRatio = ratio;
    }
    return this;
  }

  UpdateConfig build() {
    return new UpdateConfig(parallelism, delay, failureAction, order, monitor, maxFailureRatio);
  }
}
