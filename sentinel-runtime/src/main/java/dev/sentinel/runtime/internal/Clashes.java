package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Objects on the engine that would make an apply fail half-way because they carry a name the stack
 * needs but are not the stack's on this target: the same stack deployed on the other target
 * (engine containers and bridge networks vs Swarm services and overlay networks), or a container,
 * network or volume made by hand or by another tool. Found while planning (read-only calls), so the
 * apply is refused before anything is created, naming the object and the way out.
 */
public final class Clashes {
  private static final String SWARM_SERVICE_LABEL = "com.docker.swarm.service.id";

  private Clashes() {}

  /**
   * For the single-engine target.
   *
   * @throws IllegalStateException naming the first clashing objects and what to do
   */
  static void refuseOnEngine(DockerClient docker, String stack, Map<String, Network> stackNetworks, Collection<String> wantedNetworks,
      Collection<String> newVolumes, Collection<String> newContainers) {
    List<String> clashes = new ArrayList<>();
    stackNetworks.values().stream().filter(n -> "swarm".equals(n.getScope())).forEach(n -> clashes.add("network " + n.getName()
        + " is the stack's Swarm network (driver " + n.getDriver() + "): take the Swarm deployment down first (sentinel --target swarm down)"));
    List<String> tasks = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.STACK, stack)).exec().stream()
        .filter(c -> c.getLabels() != null && c.getLabels().containsKey(SWARM_SERVICE_LABEL)).map(Clashes::name).toList();
    if (!tasks.isEmpty()) {
      clashes.add("containers " + String.join(", ", tasks.subList(0, Math.min(3, tasks.size()))) + (tasks.size() > 3 ? ", ..." : "")
          + " are tasks of the stack's Swarm services: take the Swarm deployment down first (sentinel --target swarm down)");
    }
    for (String network : wantedNetworks) {
      if (!stackNetworks.containsKey(network)) {
        docker.listNetworksCmd().withNameFilter(network).exec().stream().filter(n -> n.getName().equals(network)).findFirst()
            .ifPresent(n -> clashes.add("network " + network + " exists but is not the stack's (" + owner(n.getLabels(), stack)
                + "): remove it, or declare it external to use it as it is"));
      }
    }
    for (String volume : newVolumes) {
      try {
        var v = docker.inspectVolumeCmd(volume).exec();
        clashes.add("volume " + volume + " exists but is not the stack's (" + owner(v.getLabels(), stack)
            + "): declare it external to use it with its data, or remove it");
      } catch (NotFoundException free) {
        // the name is free
      }
    }
    for (String container : newContainers) {
      try {
        var c = docker.inspectContainerCmd(container).exec();
        clashes.add("container " + container + " exists but is not the stack's (" + owner(c.getConfig().getLabels(), stack)
            + "): remove or rename it" + (Labels.isPrevious(container) ? "" : ", or give the service another container_name"));
      } catch (NotFoundException free) {
        // the name is free
      }
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
      docker.listNetworksCmd().withNameFilter(network).exec().stream()
          .filter(n -> n.getName().equals(network) && !"swarm".equals(n.getScope())).findFirst()
          .ifPresent(n -> clashes.add("network " + network + " exists as a local " + n.getDriver() + " network ("
              + owner(n.getLabels(), stack) + "), and a Swarm stack needs an overlay network of that name: "
              + (stack.equals(label(n.getLabels())) ? "take the engine deployment down first (sentinel --target engine down)" : "remove it")));
    }
    List<String> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.STACK, stack)).exec().stream()
        .filter(c -> c.getLabels() == null || !c.getLabels().containsKey(SWARM_SERVICE_LABEL)).map(Clashes::name).toList();
    if (!containers.isEmpty()) {
      clashes.add("containers " + String.join(", ", containers.subList(0, Math.min(3, containers.size()))) + (containers.size() > 3 ? ", ..." : "")
          + " run the stack on this engine outside the Swarm: take the engine deployment down first (sentinel --target engine down)");
    }
    refuse(stack, "swarm", clashes);
  }

  private static void refuse(String stack, String target, List<String> clashes) {
    if (!clashes.isEmpty()) {
      throw new IllegalStateException("stack \"" + stack + "\" cannot be applied to the " + target + " target; nothing was changed:\n  "
          + String.join("\n  ", clashes));
    }
  }

  private static String owner(Map<String, String> labels, String stack) {
    String other = label(labels);
    if (other == null) {
      String project = labels == null ? null : labels.get("com.docker.compose.project");
      return project != null ? "Compose project " + project + "'s" : "no " + Labels.STACK + "=" + stack + " label";
    }
    return "stack " + other + "'s";
  }

  private static String label(Map<String, String> labels) {
    return labels == null ? null : labels.get(Labels.STACK);
  }

  private static String name(Container c) {
    return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
  }
}
