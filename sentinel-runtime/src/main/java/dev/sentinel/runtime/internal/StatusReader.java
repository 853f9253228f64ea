package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.model.Ports;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.HealthProbe;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a stack's containers from the engine into a {@link StackStatus}. */
public final class StatusReader {
  private StatusReader() {}

  public static StackStatus read(DockerClient docker, String stack, List<ExistingContainer> containers) {
    List<ContainerStatus> statuses = new ArrayList<>();
    // A container removed between the listing and the inspection is left out.
    Map<String, InspectContainerResponse> inspected = Inspections.of(docker, containers);
    for (ExistingContainer c : containers) {
      Optional.ofNullable(inspected.get(c.id())).ifPresent(inspect -> statuses.add(status(inspect, c)));
    }
    statuses.sort(Comparator.comparing(ContainerStatus::service).thenComparingInt(ContainerStatus::replica));
    return new StackStatus(stack, Instant.now(), statuses);
  }

  /** The health checks the engine keeps for each container (the last five), oldest first, by container name. */
  public static Map<String, List<HealthProbe>> healthHistory(DockerClient docker, List<ExistingContainer> containers) {
    Map<String, List<HealthProbe>> history = new java.util.LinkedHashMap<>();
    Map<String, InspectContainerResponse> inspected = Inspections.of(docker, containers);
    for (ExistingContainer c : containers) {
      if (inspected.containsKey(c.id())) {
        InspectContainerResponse.ContainerState state = inspected.get(c.id()).getState();
        List<HealthProbe> probes = new ArrayList<>();
        if (state.getHealth() != null && state.getHealth().getLog() != null) {
          for (HealthStateLog log : state.getHealth().getLog()) {
            try {
              probes.add(new HealthProbe(c.name(), Instant.parse(log.getStart()), Instant.parse(log.getEnd()),
                  log.getExitCodeLong() == null ? -1 : log.getExitCodeLong().intValue(), Optional.ofNullable(log.getOutput()).orElse("").strip()));
            } catch (DateTimeParseException | NullPointerException e) {
              // a probe still running has no end yet
            }
          }
        }
        history.put(c.name(), List.copyOf(probes));
      }
    }
    return history;
  }

  private static ContainerStatus status(InspectContainerResponse inspect, ExistingContainer c) {
    InspectContainerResponse.ContainerState state = inspect.getState();
    Optional<String> health = Optional.ofNullable(state.getHealth()).map(h -> h.getStatus());
    Optional<String> lastHealth = Optional.ofNullable(state.getHealth()).map(h -> h.getLog())
        .filter(l -> !l.isEmpty()).map(l -> l.get(l.size() - 1)).map(HealthStateLog::getOutput).map(String::strip);
    boolean running = "running".equals(state.getStatus());
    Optional<Integer> exit = running || state.getExitCodeLong() == null ? Optional.empty() : Optional.of(state.getExitCodeLong().intValue());
    Optional<Instant> started;
    try {
      started = Optional.ofNullable(state.getStartedAt()).filter(s -> !s.startsWith("0001")).map(Instant::parse);
    } catch (DateTimeParseException e) {
      started = Optional.empty();
    }
    List<String> ports = new ArrayList<>();
    Ports bindings = inspect.getNetworkSettings() == null ? null : inspect.getNetworkSettings().getPorts();
    if (bindings != null && bindings.getBindings() != null) {
      for (Map.Entry<com.github.dockerjava.api.model.ExposedPort, Ports.Binding[]> e : bindings.getBindings().entrySet()) {
        if (e.getValue() != null) {
          for (Ports.Binding b : e.getValue()) {
            ports.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + e.getKey().getPort() + "/" + e.getKey().getProtocol());
          }
        }
      }
    }
    ports.sort(null);
    int restarts = inspect.getRestartCount() == null ? 0 : inspect.getRestartCount();
    return new ContainerStatus(c.service(), c.replica(), c.name(), c.id(), state.getStatus(), health, exit, restarts, started, ports, lastHealth, Optional.empty());
  }
}
