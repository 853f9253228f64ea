package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
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
      InspectContainerResponse inspect = docker.inspectContainerCmd(containerId).exec();
      HealthCheck check = inspect.getConfig() == null ? null : inspect.getConfig().getHealthcheck();
      if (check == null || check.getTest() == null || check.getTest().isEmpty()) {
        return Optional.empty();
      }
      List<String> test = check.getTest();
      List<String> command = switch (test.get(0)) {
        case "CMD" -> test.subList(1, test.size());
        case "CMD-SHELL" -> test.size() == 2 ? List.of("/bin/sh", "-c", test.get(1)) : List.of();
        default -> List.of();
      };
      Duration timeout = check.getTimeout() == null || check.getTimeout() <= 0 ? DEFAULT_TIMEOUT : Duration.ofNanos(check.getTimeout());
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
