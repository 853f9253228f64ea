package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * Why a service did not become ready.
 *
 * @param service the service
 * @param container the container that failed, if one was made
 * @param reason what happened, e.g. {@code did not become healthy within 2m}
 * @param state the container's state, e.g. {@code running (unhealthy)} or {@code exited (1)}
 * @param lastHealthOutput the last health check's output
 * @param lastLogLines the container's last log lines
 */
public record ServiceFailure(
    String service, Optional<String> container, String reason, String state, Optional<String> lastHealthOutput, List<String> lastLogLines) {
  public ServiceFailure {
    checkNotNull(service, "service");
    checkNotNull(container, "container");
    checkNotNull(reason, "reason");
    checkNotNull(state, "state");
    checkNotNull(lastHealthOutput, "lastHealthOutput");
    lastLogLines = ImmutableList.copyOf(lastLogLines);
  }

  /** A multi-line description for people. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("service \"").append(service).append("\" ").append(reason);
    container.ifPresent(c -> out.append("\n  container: ").append(c));
    out.append("\n  state: ").append(state);
    lastHealthOutput.ifPresent(h -> out.append("\n  last health check: ").append(h.strip()));
    if (!lastLogLines.isEmpty()) {
      out.append("\n  last log lines:");
      lastLogLines.forEach(l -> out.append("\n    ").append(l));
    }
    return out.toString();
  }
}
