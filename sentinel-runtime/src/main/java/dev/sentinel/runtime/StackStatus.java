package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every container of a stack, per service and replica.
 *
 * <pre>{@code
 * StackStatus status = target.status("shop");
 * status.containers("api").forEach(c -> log.info("{} {} {}", c.name(), c.state(), c.health()));
 * }</pre>
 *
 * @param stack the stack's name
 * @param at when the engine was asked
 * @param containers the stack's containers, by service then replica
 */
public record StackStatus(String stack, Instant at, List<ContainerStatus> containers) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  public StackStatus {
    checkNotNull(stack, "stack");
    checkNotNull(at, "at");
    containers = ImmutableList.copyOf(containers);
  }

  /** The containers of {@code service}, by replica. */
  public List<ContainerStatus> containers(String service) {
    return containers.stream().filter(c -> c.service().equals(service)).toList();
  }

  /** Whether every container is running (and healthy where checked). */
  public boolean allReady() {
    return !containers.isEmpty() && containers.stream().allMatch(ContainerStatus::isReady);
  }

  /** A table for people: service, replica, state, health, restarts, uptime, ports, and the node on a Swarm. */
  public String toText() {
    boolean nodes = containers.stream().anyMatch(c -> c.node().isPresent());
    StringBuilder out = new StringBuilder(String.format("%-24s %-8s %-10s %-10s %-8s %-10s %s%s%n",
        "SERVICE", "REPLICA", "STATE", "HEALTH", "RESTARTS", "UPTIME", nodes ? String.format("%-20s ", "NODE") : "", "PORTS"));
    for (ContainerStatus c : containers) {
      String uptime = c.state().equals("running")
          ? c.startedAt().map(s -> format(Duration.between(s, at))).orElse("-") : "-";
      out.append(String.format("%-24s %-8d %-10s %-10s %-8d %-10s %s%s%n", c.service(), c.replica(), c.state(),
          c.health().orElse("-"), c.restartCount(), uptime, nodes ? String.format("%-20s ", c.node().orElse("-")) : "",
          String.join(", ", c.ports())));
    }
    return out.toString();
  }

  /** The status as JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s / 3600 + "h";
  }
}
