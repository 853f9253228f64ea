package dev.sentinel.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Finds and removes what reused stacks left on an engine, by their label. */
final class ReusedStacks {
  private static final String STACK_LABEL = "dev.sentinel.stack";

  private ReusedStacks() {}

  /** Removes the reused stacks whose name {@code stackName} accepts; returns their names. */
  static Set<String> remove(DockerClient docker, Predicate<String> stackName) {
    Set<String> stacks = new TreeSet<>();
    List<Container> containers = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(SentinelStackContainer.REUSE_LABEL, "true")).exec();
    for (Container c : containers) {
      removeIfAccepted(stacks, stackName, c.getLabels().getOrDefault(STACK_LABEL, c.getId()),
          () -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    }
    List<String> filter = List.of(SentinelStackContainer.REUSE_LABEL + "=true");
    docker.listNetworksCmd().withFilter("label", filter).exec().forEach(n -> removeIfAccepted(stacks, stackName,
        n.getLabels().getOrDefault(STACK_LABEL, n.getName()), () -> docker.removeNetworkCmd(n.getId()).exec()));
    var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> removeIfAccepted(stacks, stackName,
          (v.getLabels() == null ? Map.<String, String>of() : v.getLabels()).getOrDefault(STACK_LABEL, v.getName()),
          () -> docker.removeVolumeCmd(v.getName()).exec()));
    }
    return stacks;
  }

  private static void removeIfAccepted(Set<String> stacks, Predicate<String> stackName, String stack, Runnable removal) {
    if (!stackName.test(stack)) {
      return;
    }
    stacks.add(stack);
    try {
      removal.run();
    } catch (NotFoundException gone) {
      // removed meanwhile
    }
  }
}
