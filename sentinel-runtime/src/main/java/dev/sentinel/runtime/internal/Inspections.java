package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;

/**
 * {@code docker inspect} of a stack's containers, several at a time ({@link Concurrently}), as JSON
 * trees ({@link EngineJson}).
 */
final class Inspections {
  private Inspections() {}

  /**
   * Each of the containers {@code ids} inspected, by ID, in the order given; a container removed since it was
   * listed is left out. A failure other than "not found" is thrown as the engine reported it.
   */
  static Map<String, JsonNode> of(DockerClient docker, List<String> ids) {
    return Concurrently.each(ids, id -> EngineJson.container(docker, id));
  }
}
