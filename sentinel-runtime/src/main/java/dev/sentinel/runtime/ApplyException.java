package dev.sentinel.runtime;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An apply did not converge: some services failed (their dependents were not started), or it ran
 * out of time. Services that became ready stay up; a later apply converges from there.
 *
 * <pre>{@code
 * apply of stack "shop" failed:
 * service "api" did not become healthy within 2m
 *   container: shop-api-1
 *   state: running (unhealthy)
 *   last health check: wget: can't connect to remote host (127.0.0.1): Connection refused
 *   last log lines: ...
 * rolled back to its previous containers: api (healthy again)
 * not started (a dependency failed): web
 * }</pre>
 */
public final class ApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ServiceFailure> failures;
  private final transient List<String> notStarted;
  private final transient Map<String, String> rolledBack;

  public ApplyException(String stack, List<ServiceFailure> failures, List<String> notStarted) {
    this(stack, failures, notStarted, Map.of());
  }

  /** @param rolledBack the failed services that went back to their previous containers, with how they are now */
  public ApplyException(String stack, List<ServiceFailure> failures, List<String> notStarted, Map<String, String> rolledBack) {
    super(describe(stack, failures, notStarted, rolledBack));
    this.failures = ImmutableList.copyOf(failures);
    this.notStarted = ImmutableList.copyOf(notStarted);
    this.rolledBack = ImmutableMap.copyOf(rolledBack);
  }

  /** The failed services that went back to their previous containers, with how they are now (e.g. {@code healthy again}). */
  public Map<String, String> rolledBack() {
    return rolledBack;
  }

  /** The services that failed, with their diagnostics. */
  public List<ServiceFailure> failures() {
    return failures;
  }

  /** The services not started because a dependency failed. */
  public List<String> notStarted() {
    return notStarted;
  }

  private static String describe(String stack, List<ServiceFailure> failures, List<String> notStarted, Map<String, String> rolledBack) {
    return "apply of stack \"" + stack + "\" failed:\n"
        + failures.stream().map(ServiceFailure::describe).collect(Collectors.joining("\n"))
        + rolledBack.entrySet().stream().map(e -> "\nrolled back to its previous containers: " + e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining())
        + (notStarted.isEmpty() ? "" : "\nnot started (a dependency failed): " + String.join(", ", notStarted));
  }
}
