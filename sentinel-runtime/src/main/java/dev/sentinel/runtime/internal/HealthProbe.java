package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's own health test, run by Sentinel through exec exactly as the engine would run it
 * ({@code CMD} as is, {@code CMD-SHELL} through {@code /bin/sh -c}, as the container's user), within
 * the check's timeout.
 */
final class HealthProbe {
  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final DockerClient docker;
  private final String containerId;
  private final List<String> command;
  private final Duration timeout;

  private HealthProbe(DockerClient docker, String containerId, List<String> command, Duration timeout) {
    this.docker = docker;
    this.containerId = containerId;
    this.command = command;
    this.timeout = timeout;
  }

  /** The container's probe; empty when it has no runnable health test (none, or NONE). */
  static Optional<HealthProbe> of(DockerClient docker, String containerId) {
    try {
      // A JSON tree (see EngineJson): read for every container an up starts or waits for.
      JsonNode check = EngineJson.container(docker, containerId).map(c -> c.path("Config").path("Healthcheck")).orElse(MissingNode.getInstance());
      List<String> test = new ArrayList<>();
      check.path("Test").forEach(word -> test.add(word.asText()));
      if (test.isEmpty()) {
        return Optional.empty();
      }
      List<String> command = switch (test.get(0)) {
        case "CMD" -> test.subList(1, test.size());
        case "CMD-SHELL" -> test.size() == 2 ? List.of("/bin/sh", "-c", test.get(1)) : List.of();
        default -> List.of();
      };
      long timeoutNanos = check.path("Timeout").asLong(0);
      Duration timeout = timeoutNanos <= 0 ? DEFAULT_TIMEOUT : Duration.ofNanos(timeoutNanos);
      return command.isEmpty() ? Optional.empty() : Optional.of(new HealthProbe(docker, containerId, List.copyOf(command), timeout));
    } catch (RuntimeException e) {
      log.debug("no early health probe for {}: {}", containerId, e.toString());
      return Optional.empty();
    }
  }

  /** Whether the test exits 0 now; any trouble running it counts as not (yet) passing. */
  boolean passes() {
    try {
      return Execs.run(docker, containerId, command, timeout).exitCode().filter(code -> code == 0).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      log.debug("early health probe of {} failed to run: {}", containerId, e.toString());
      return false;
    }
  }
}
