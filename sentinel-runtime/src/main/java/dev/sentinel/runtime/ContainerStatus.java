package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One container of a stack, as the engine reports it.
 *
 * @param service the service it belongs to
 * @param replica its replica number, from 1
 * @param name the container's name
 * @param id the container's ID
 * @param state {@code running}, {@code exited}, {@code restarting}, ...
 * @param health {@code healthy}, {@code unhealthy} or {@code starting}; empty without a health check
 * @param exitCode the exit code, when it is not running
 * @param restartCount how often the engine restarted it
 * @param startedAt when it last started
 * @param ports published ports as {@code hostIp:hostPort->containerPort/protocol}
 * @param lastHealthOutput the last health check's output
 * @param node the host name of the Swarm node it runs on; empty on a single engine
 */
public record ContainerStatus(
    String service,
    int replica,
    String name,
    String id,
    String state,
    Optional<String> health,
    Optional<Integer> exitCode,
    int restartCount,
    Optional<Instant> startedAt,
    List<String> ports,
    Optional<String> lastHealthOutput,
    Optional<String> node) {
  public ContainerStatus {
    checkNotNull(service, "service");
    checkNotNull(name, "name");
    checkNotNull(id, "id");
    checkNotNull(state, "state");
    checkNotNull(health, "health");
    checkNotNull(exitCode, "exitCode");
    checkNotNull(startedAt, "startedAt");
    ports = ImmutableList.copyOf(ports);
    checkNotNull(lastHealthOutput, "lastHealthOutput");
    checkNotNull(node, "node");
  }

  /** Running, and healthy if it has a health check. */
  public boolean isReady() {
    return state.equals("running") && health.map("healthy"::equals).orElse(true);
  }
}
