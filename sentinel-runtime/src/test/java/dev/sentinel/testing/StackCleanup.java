package dev.sentinel.testing;

import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removes every container, network and volume labelled with a stack's name: the safety net after a test. */
public final class StackCleanup {
  private StackCleanup() {}

  public static void removeEverything(String stack) {
    DockerClient docker = TestEngine.client();
    List<Runnable> steps = new ArrayList<>();
    docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec()
        .forEach(c -> steps.add(() -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec()));
    Cleanup.run(steps.toArray(Runnable[]::new));
    steps.clear();
    docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec()
        .forEach(n -> steps.add(() -> docker.removeNetworkCmd(n.getId()).exec()));
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> steps.add(() -> docker.removeVolumeCmd(v.getName()).exec()));
    }
    Cleanup.run(steps.toArray(Runnable[]::new));
  }
}
