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
    Map<String, String> filter = Map.of(SentinelStackContainer.REUSE_LABEL, "true");
    Set<String> stacks = new TreeSet<>();
    List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec();
    for (Container c : containers) {
      String stack = c.getLabels().getOrDefault(STACK_LABEL, c.getId());
      if (!stackName.test(stack)) {
        continue;
      }
      stacks.add(stack);
      try {
        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
    docker.listNetworksCmd().withFilter("label", List.of(SentinelStackContainer.REUSE_LABEL + "=true")).exec().forEach(n -> {
      String stack = n.getLabels().getOrDefault(STACK_LABEL, n.getName());
      if (!stackName.test(stack)) {
        return;
      }
      stacks.add(stack);
      try {
        docker.removeNetworkCmd(n.getId()).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    });
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(SentinelStackContainer.REUSE_LABEL + "=true")).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> {
        Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
        String stack = labels.getOrDefault(STACK_LABEL, v.getName());
        if (!stackName.test(stack)) {
          return;
        }
        stacks.add(stack);
        try {
          docker.removeVolumeCmd(v.getName()).exec();
        } catch (NotFoundException gone) {
          // removed meanwhile
        }
      });
    }
    return stacks;
  }
}
