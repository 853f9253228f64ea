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
 * @param required whether the dependent waits for it at all costs; an optional dependency (Compose's
 *     {@code required: false}) that fails or is disabled by a profile is reported, and the dependent
 *     starts without it
 */
public record Dependency(String service, Condition condition, boolean restart, boolean required) {
  /** A required dependency. */
  public Dependency(String service, Condition condition, boolean restart) {
    this(service, condition, restart, true);
  }

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
