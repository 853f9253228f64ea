package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Configures a {@link DeployRestartPolicy}; it restarts on any exit unless told otherwise.
 *
 * <pre>{@code
 * svc.deployRestartPolicy(r -> r.condition(DeployRestartPolicy.Condition.ON_FAILURE).maxAttempts(3).window("2m"));
 * }</pre>
 */
public final class DeployRestartPolicyBuilder {
  private final Problems problems;
  private final String path;
  private DeployRestartPolicy.Condition condition;
  private Optional<Duration> delay;
  private Optional<Integer> maxAttempts;
  private Optional<Duration> window;

  DeployRestartPolicyBuilder(Optional<DeployRestartPolicy> from, Problems problems, String path) {
    this.problems = problems;
    this.path = path;
    this.condition = from.map(DeployRestartPolicy::condition).orElse(DeployRestartPolicy.Condition.ANY);
    this.delay = from.flatMap(DeployRestartPolicy::delay);
    this.maxAttempts = from.flatMap(DeployRestartPolicy::maxAttempts);
    this.window = from.flatMap(DeployRestartPolicy::window);
  }

  public DeployRestartPolicyBuilder condition(DeployRestartPolicy.Condition condition) {
    this.condition = checkNotNull(condition, "condition");
    return this;
  }

  /** The wait between attempts, e.g. {@code "5s"}. */
  public DeployRestartPolicyBuilder delay(String delay) {
    problems.parse(path + ".delay", delay, Durations::parse).ifPresent(d -> this.delay = Optional.of(d));
    return this;
  }

  public DeployRestartPolicyBuilder maxAttempts(int attempts) {
    if (attempts < 0) {
      problems.add(path + ".max_attempts", "max_attempts cannot be negative, got " + attempts);
    } else {
      this.maxAttempts = Optional.of(attempts);
    }
    return this;
  }

  /** How long a restarted task must run to count as restarted, e.g. {@code "2m"}. */
  public DeployRestartPolicyBuilder window(String window) {
    problems.parse(path + ".window", window, Durations::parse).ifPresent(w -> this.window = Optional.of(w));
    return this;
  }

  DeployRestartPolicy build() {
    return new DeployRestartPolicy(condition, delay, maxAttempts, window);
  }
}
