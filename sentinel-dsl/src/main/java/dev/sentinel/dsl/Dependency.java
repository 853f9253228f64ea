package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A service another one waits for before it starts.
 *
 * <pre>{@code
 * svc.dependsOn("redis", Dependency.Condition.HEALTHY);
 * }</pre>
 *
 * @param service the service waited for
 * @param condition what it must reach
 * @param restart whether the dependent restarts when this dependency is recreated
 */
public record Dependency(String service, Condition condition, boolean restart) {
  /** What a dependency must reach before its dependents start. */
  public enum Condition {
    /** Its containers are running. */
    STARTED("service_started"),
    /** Its health check passes; it must have one. */
    HEALTHY("service_healthy"),
    /** It ran to completion with exit code 0 (a one-off job such as a migration). */
    COMPLETED_SUCCESSFULLY("service_completed_successfully");

    private final String composeName;

    Condition(String composeName) {
      this.composeName = composeName;
    }

    /** Compose's spelling, e.g. {@code service_healthy}. */
    public String composeName() {
      return composeName;
    }
  }

  public Dependency {
    checkNotNull(service, "service");
    checkNotNull(condition, "condition");
  }
}
