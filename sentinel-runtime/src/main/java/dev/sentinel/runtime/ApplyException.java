package dev.sentinel.runtime;

import com.google.common.collect.ImmutableList;
import java.util.List;
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
 * not started (a dependency failed): web
 * }</pre>
 */
public final class ApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ServiceFailure> failures;
  private final transient List<String> notStarted;

  public ApplyException(String stack, List<ServiceFailure> failures, List<String> notStarted) {
    super(describe(stack, failures, notStarted));
    this.failures = ImmutableList.copyOf(failures);
    this.notStarted = ImmutableList.copyOf(notStarted);
  }

  /** The services that failed, with their diagnostics. */
  public List<ServiceFailure> failures() {
    return failures;
  }

  /** The services not started because a dependency failed. */
  public List<String> notStarted() {
    return notStarted;
  }

  private static String describe(String stack, List<ServiceFailure> failures, List<String> notStarted) {
    return "apply of stack \"" + stack + "\" failed:\n"
        + failures.stream().map(ServiceFailure::describe).collect(Collectors.joining("\n"))
        + (notStarted.isEmpty() ? "" : "\nnot started (a dependency failed): " + String.join(", ", notStarted));
  }
}
