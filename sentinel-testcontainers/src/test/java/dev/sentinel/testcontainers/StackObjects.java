package dev.sentinel.testcontainers;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.testing.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the engine holds of one stack, by its label. */
final class StackObjects {
  private StackObjects() {}

  /** The stack named first in a failed start's message: {@code stack "web-3fa9c2" did not start ...}. */
  static String namedIn(Throwable failedStart) {
    String message = failedStart.getMessage();
    int open = message.indexOf('"');
    return message.substring(open + 1, message.indexOf('"', open + 1));
  }

  static List<String> of(String stack) {
    DockerClient docker = TestEngine.client();
    List<String> found = new ArrayList<>();
    docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec()
        .forEach(c -> found.add("container " + c.getNames()[0]));
    docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec()
        .forEach(n -> found.add("network " + n.getName()));
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + stack)).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> found.add("volume " + v.getName()));
    }
    return found;
  }
}
