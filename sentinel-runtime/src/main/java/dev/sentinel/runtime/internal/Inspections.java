package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code docker inspect} of many containers at once.
 *
 * <p>Why: {@code status} and every plan inspect each container of the stack, and one at a time the
 * round trips add up (ten containers on a busy engine: over half a second). The engine answers
 * inspections concurrently; a few at a time keeps it from being flooded by a large stack.
 */
final class Inspections {
  private static final int CONCURRENT = 8;

  private Inspections() {}

  /**
   * Each of {@code ids} inspected, by ID, in the order given; a container removed in the meantime
   * is left out. A failure other than "not found" is thrown as the engine reported it.
   */
  static Map<String, InspectContainerResponse> of(DockerClient docker, Collection<String> ids) {
    Map<String, InspectContainerResponse> found = new LinkedHashMap<>();
    if (ids.size() <= 1) {
      ids.forEach(id -> one(docker, id).ifPresent(r -> found.put(id, r)));
      return found;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENT, ids.size()), r -> {
      Thread t = new Thread(r, "sentinel-inspect");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, Future<Optional<InspectContainerResponse>>> pending = new LinkedHashMap<>();
      ids.forEach(id -> pending.put(id, pool.submit(() -> one(docker, id))));
      for (Map.Entry<String, Future<Optional<InspectContainerResponse>>> e : pending.entrySet()) {
        e.getValue().get().ifPresent(r -> found.put(e.getKey(), r));
      }
      return found;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while inspecting containers", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@link #of} for the IDs of {@code containers}. */
  static Map<String, InspectContainerResponse> ofContainers(DockerClient docker, List<DetailedPlan.ExistingContainer> containers) {
    return of(docker, containers.stream().map(DetailedPlan.ExistingContainer::id).toList());
  }

  private static Optional<InspectContainerResponse> one(DockerClient docker, String id) {
    try {
      return Optional.of(docker.inspectContainerCmd(id).exec());
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
  }
}
