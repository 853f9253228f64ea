package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.HealthProbe;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stack's containers from the engine into a {@link StackStatus}: {@code docker inspect} of
 * each, several at a time, read as a JSON tree (see {@link EngineJson}).
 */
public final class StatusReader {
  private StatusReader() {}

  public static StackStatus read(DockerClient docker, String stack, List<ExistingContainer> containers) {
    List<ContainerStatus> statuses = new ArrayList<>();
    // A container removed between the listing and the inspection is left out.
    Map<String, JsonNode> inspected = inspect(docker, containers);
    for (ExistingContainer c : containers) {
      Optional.ofNullable(inspected.get(c.id())).ifPresent(inspect -> statuses.add(status(inspect, c)));
    }
    statuses.sort(Comparator.comparing(ContainerStatus::service).thenComparingInt(ContainerStatus::replica));
    return new StackStatus(stack, Instant.now(), statuses);
  }

  /** The health checks the engine keeps for each container (the last five), oldest first, by container name. */
  public static Map<String, List<HealthProbe>> healthHistory(DockerClient docker, List<ExistingContainer> containers) {
    Map<String, List<HealthProbe>> history = new LinkedHashMap<>();
    Map<String, JsonNode> inspected = inspect(docker, containers);
    for (ExistingContainer c : containers) {
      if (inspected.containsKey(c.id())) {
        List<HealthProbe> probes = new ArrayList<>();
        for (JsonNode log : inspected.get(c.id()).path("State").path("Health").path("Log")) {
          try {
            probes.add(new HealthProbe(c.name(), Instant.parse(log.path("Start").asText()), Instant.parse(log.path("End").asText()),
                log.path("ExitCode").isNumber() ? log.path("ExitCode").asInt() : -1, log.path("Output").asText("").strip()));
          } catch (DateTimeParseException e) {
            // a probe still running has no end yet
          }
        }
        history.put(c.name(), List.copyOf(probes));
      }
    }
    return history;
  }

  private static Map<String, JsonNode> inspect(DockerClient docker, List<ExistingContainer> containers) {
    return Concurrently.each(containers.stream().map(ExistingContainer::id).toList(), id -> EngineJson.container(docker, id));
  }

  private static ContainerStatus status(JsonNode inspect, ExistingContainer c) {
    JsonNode state = inspect.path("State");
    JsonNode healthNode = state.path("Health");
    Optional<String> health = text(healthNode.path("Status"));
    JsonNode log = healthNode.path("Log");
    Optional<String> lastHealth = log.size() == 0 ? Optional.empty() : text(log.get(log.size() - 1).path("Output")).map(String::strip);
    String status = state.path("Status").asText("");
    boolean running = "running".equals(status);
    Optional<Integer> exit = running || !state.path("ExitCode").isNumber() ? Optional.empty() : Optional.of(state.path("ExitCode").asInt());
    Optional<Instant> started;
    try {
      started = text(state.path("StartedAt")).filter(s -> !s.startsWith("0001")).map(Instant::parse);
    } catch (DateTimeParseException e) {
      started = Optional.empty();
    }
    List<String> ports = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> published = inspect.path("NetworkSettings").path("Ports").fields();
    while (published.hasNext()) {
      Map.Entry<String, JsonNode> port = published.next();
      // "8080/tcp"; an exposed port without a protocol is tcp, as the engine reads it.
      String[] numberAndProtocol = port.getKey().split("/", 2);
      String protocol = numberAndProtocol.length == 2 ? numberAndProtocol[1] : "tcp";
      for (JsonNode binding : port.getValue()) {
        ports.add(binding.path("HostIp").asText() + ":" + binding.path("HostPort").asText() + "->" + numberAndProtocol[0] + "/" + protocol);
      }
    }
    ports.sort(null);
    int restarts = inspect.path("RestartCount").asInt(0);
    return new ContainerStatus(c.service(), c.replica(), c.name(), c.id(), status, health, exit, restarts, started, ports, lastHealth,
        Optional.empty());
  }

  /** A string field's value; empty when it is absent or null. */
  private static Optional<String> text(JsonNode field) {
    return field.isTextual() ? Optional.of(field.asText()) : Optional.empty();
  }
}
