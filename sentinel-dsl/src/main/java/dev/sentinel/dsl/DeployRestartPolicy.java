package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Compose's {@code deploy.restart_policy}: how Swarm restarts a service's tasks. On one engine it
 * stands for the container restart policy when the service sets none ({@code any} is {@code
 * always}, {@code on-failure} keeps its attempts, {@code none} is {@code no}).
 *
 * <pre>{@code
 * svc.deployRestartPolicy(r -> r.condition(DeployRestartPolicy.Condition.ON_FAILURE).maxAttempts(3).delay("5s"));
 * }</pre>
 *
 * @param condition when tasks are restarted
 * @param delay how long to wait between restart attempts, when not the default (5 s)
 * @param maxAttempts how many attempts before giving up, when limited
 * @param window how long to wait before deciding a restart worked, when not immediately
 */
public record DeployRestartPolicy(Condition condition, Optional<Duration> delay, Optional<Integer> maxAttempts, Optional<Duration> window) {
  /** When tasks are restarted. */
  public enum Condition {
    /** Never. */
    NONE("none"),
    /** When they exit with an error. */
    ON_FAILURE("on-failure"),
    /** Whenever they stop. */
    ANY("any");

    private final String value;

    Condition(String value) {
      this.value = value;
    }

    /** Compose's spelling. */
    public String value() {
      return value;
    }
  }

  public DeployRestartPolicy {
    checkNotNull(condition, "condition");
    checkNotNull(delay, "delay");
    checkNotNull(maxAttempts, "maxAttempts");
    checkNotNull(window, "window");
    checkArgument(maxAttempts.orElse(0) >= 0, "max_attempts cannot be negative: %s", maxAttempts);
  }

  /** The container restart policy this stands for on one engine. */
  public RestartPolicy toContainerPolicy() {
    return switch (condition) {
      case NONE -> RestartPolicy.no();
      case ANY -> RestartPolicy.always();
      case ON_FAILURE -> maxAttempts.filter(n -> n > 0).map(RestartPolicy::onFailure).orElse(RestartPolicy.onFailure());
    };
  }
}
