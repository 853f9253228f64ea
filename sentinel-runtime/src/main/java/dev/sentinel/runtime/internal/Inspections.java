package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code docker inspect} of a stack's containers, several at a time ({@link Concurrently}). */
final class Inspections {
  private Inspections() {}

  /**
   * Each of {@code containers} inspected, by ID, in the order given; a container removed since it was
   * listed is left out. A failure other than "not found" is thrown as the engine reported it.
   */
  static Map<String, InspectContainerResponse> of(DockerClient docker, List<DetailedPlan.ExistingContainer> containers) {
    return Concurrently.each(containers.stream().map(DetailedPlan.ExistingContainer::id).toList(), id -> {
      try {
        return Optional.of(docker.inspectContainerCmd(id).exec());
      } catch (NotFoundException gone) {
        return Optional.empty();
      }
    });
  }
}
