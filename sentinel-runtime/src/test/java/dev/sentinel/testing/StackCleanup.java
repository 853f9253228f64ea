package dev.sentinel.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removes every container, network and volume labelled with a stack's name: the safety net after a test. */
public final class StackCleanup {
  /**
   * Where networks the engine would not remove for its own fault are listed, one name a line, for
   * scripts/test.sh (which restarts an engine it started itself, then removes them).
   */
  public static final Path ENGINE_FAULTS = Path.of(System.getProperty("sentinel.test.engineFaults", "target/engine-faults.txt"));

  private StackCleanup() {}

  public static void removeEverything(String stack) {
    DockerClient docker = TestEngine.client();
    List<Runnable> steps = new ArrayList<>();
    docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec()
        .forEach(c -> steps.add(() -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec()));
    Cleanup.run(steps.toArray(Runnable[]::new));
    steps.clear();
    docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec()
        .forEach(n -> steps.add(() -> removeNetwork(docker, n.getId(), n.getName())));
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> steps.add(() -> docker.removeVolumeCmd(v.getName()).exec()));
    }
    Cleanup.run(steps.toArray(Runnable[]::new));
  }

  /**
   * Removes a network; one the engine refuses for "active endpoints" while no container at all is
   * attached to it is the engine's stale endpoint count (moby/moby#43286, Docker 20.10, seen after a
   * client was killed in the middle of an apply): nothing short of an engine restart removes it, so
   * it is listed in {@link #ENGINE_FAULTS} and named on stderr instead of failing the test. A
   * network with a container still attached fails as before.
   */
  private static void removeNetwork(DockerClient docker, String id, String name) {
    try {
      docker.removeNetworkCmd(id).exec();
    } catch (NotFoundException gone) {
      throw gone;
    } catch (DockerException e) {
      if (e.getMessage() == null || !e.getMessage().contains("has active endpoints")) {
        throw e;
      }
      var attached = docker.inspectNetworkCmd().withNetworkId(id).exec().getContainers();
      if (attached != null && !attached.isEmpty()) {
        throw e;
      }
      System.err.println("StackCleanup: network " + name + " has no container attached, yet the engine counts an active endpoint on it"
          + " (moby/moby#43286); it is listed in " + ENGINE_FAULTS.toAbsolutePath() + " for scripts/test.sh, which removes it after"
          + " restarting an engine it started");
      try {
        Files.createDirectories(ENGINE_FAULTS.toAbsolutePath().getParent());
        Files.writeString(ENGINE_FAULTS, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    }
  }
}
