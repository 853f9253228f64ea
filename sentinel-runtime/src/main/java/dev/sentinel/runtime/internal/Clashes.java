package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Objects on the engine that would make an apply fail half-way because they carry a name the stack
 * needs but are not the stack's on this target: the same stack deployed on the other target
 * (engine containers and bridge networks vs Swarm services and overlay networks), or a container,
 * network or volume made by hand or by another tool. Found while planning (read-only calls), so the
 * apply is refused before anything is created, naming the object and the way out. The engine's
 * answers are read as JSON trees ({@link EngineJson}): every plan passes here.
 */
public final class Clashes {
  private static final String SWARM_SERVICE_LABEL = "com.docker.swarm.service.id";

  private Clashes() {}

  /**
   * For the single-engine target.
   *
   * @param stackContainers the engine's list of the containers labelled as the stack's
   * @throws IllegalStateException naming the first clashing objects and what to do
   */
  static void refuseOnEngine(DockerClient docker, String stack, JsonNode stackContainers, Map<String, JsonNode> stackNetworks,
      Collection<String> wantedNetworks, Collection<String> newVolumes, Collection<String> newContainers) {
    List<String> clashes = new ArrayList<>();
    stackNetworks.values().stream().filter(n -> "swarm".equals(n.path("Scope").asText())).forEach(n -> clashes.add("network "
        + n.path("Name").asText() + " is the stack's Swarm network (driver " + n.path("Driver").asText()
        + "): take the Swarm deployment down first (sentinel --target swarm down)"));
    List<String> tasks = stream(stackContainers)
        .filter(c -> c.path("Labels").has(SWARM_SERVICE_LABEL)).map(Clashes::name).toList();
    if (!tasks.isEmpty()) {
      clashes.add("containers " + String.join(", ", tasks.subList(0, Math.min(3, tasks.size()))) + (tasks.size() > 3 ? ", ..." : "")
          + " are tasks of the stack's Swarm services: take the Swarm deployment down first (sentinel --target swarm down)");
    }
    for (String network : wantedNetworks) {
      if (!stackNetworks.containsKey(network)) {
        named(docker, network).ifPresent(n -> clashes.add("network " + network + " exists but is not the stack's ("
            + owner(n.path("Labels"), stack) + "): remove it, or declare it external to use it as it is"));
      }
    }
    for (String volume : newVolumes) {
      EngineJson.volume(docker, volume).ifPresent(v -> clashes.add("volume " + volume + " exists but is not the stack's ("
          + owner(v.path("Labels"), stack) + "): declare it external to use it with its data, or remove it"));
    }
    for (String container : newContainers) {
      EngineJson.container(docker, container).ifPresent(c -> clashes.add("container " + container + " exists but is not the stack's ("
          + owner(c.path("Config").path("Labels"), stack) + "): remove or rename it"
          + (Labels.isPrevious(container) ? "" : ", or give the service another container_name")));
    }
    refuse(stack, "engine", clashes);
  }

  /**
   * For the Swarm target: the stack's networks must not exist as local networks, and the stack must
   * not run as plain containers on this engine.
   *
   * @throws IllegalStateException naming the first clashing objects and what to do
   */
  public static void refuseOnSwarm(DockerClient docker, String stack, Collection<String> networks) {
    List<String> clashes = new ArrayList<>();
    for (String network : networks) {
      // Not named(): a Swarm network and a local one may share the name; the local one is the clash.
      stream(EngineJson.networksNamed(docker, network))
          .filter(n -> n.path("Name").asText().equals(network) && !"swarm".equals(n.path("Scope").asText())).findFirst()
          .ifPresent(n -> clashes.add("network " + network + " exists as a local " + n.path("Driver").asText() + " network ("
              + owner(n.path("Labels"), stack) + "), and a Swarm stack needs an overlay network of that name: "
              + (stack.equals(label(n.path("Labels"))) ? "take the engine deployment down first (sentinel --target engine down)" : "remove it")));
    }
    List<String> containers = stream(EngineJson.containersLabelled(docker, Labels.STACK, stack))
        .filter(c -> !c.path("Labels").has(SWARM_SERVICE_LABEL)).map(Clashes::name).toList();
    if (!containers.isEmpty()) {
      clashes.add("containers " + String.join(", ", containers.subList(0, Math.min(3, containers.size()))) + (containers.size() > 3 ? ", ..." : "")
          + " run the stack on this engine outside the Swarm: take the engine deployment down first (sentinel --target engine down)");
    }
    refuse(stack, "swarm", clashes);
  }

  /** The network named exactly {@code name} (the engine's name filter also matches parts of names). */
  private static Optional<JsonNode> named(DockerClient docker, String name) {
    return stream(EngineJson.networksNamed(docker, name)).filter(n -> n.path("Name").asText().equals(name)).findFirst();
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static void refuse(String stack, String target, List<String> clashes) {
    if (!clashes.isEmpty()) {
      throw new IllegalStateException("stack \"" + stack + "\" cannot be applied to the " + target + " target; nothing was changed:\n  "
          + String.join("\n  ", clashes));
    }
  }

  private static String owner(JsonNode labels, String stack) {
    String other = label(labels);
    if (other == null) {
      JsonNode project = labels.path("com.docker.compose.project");
      return project.isTextual() ? "Compose project " + project.asText() + "'s" : "no " + Labels.STACK + "=" + stack + " label";
    }
    return "stack " + other + "'s";
  }

  private static String label(JsonNode labels) {
    return labels.path(Labels.STACK).isTextual() ? labels.path(Labels.STACK).asText() : null;
  }

  private static String name(JsonNode container) {
    JsonNode names = container.path("Names");
    return names.size() > 0 ? names.get(0).asText().replaceFirst("^/", "") : container.path("Id").asText();
  }
}
