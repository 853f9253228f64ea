package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What was changed on a Swarm service outside Sentinel ({@code docker service scale}, {@code docker
 * service update --limit-memory ...}) while its labels still carry the hash Sentinel applied: the
 * live spec against the one Sentinel would send, on the fields operators change by hand.
 */
public final class SwarmDrift {
  private SwarmDrift() {}

  /** One line per drifted field, e.g. {@code replicas: 5 on the Swarm, 3 defined (changed outside Sentinel)}; empty when none. */
  public static List<String> of(ServiceSpec desired, ServiceSpec actual) {
    List<String> drift = new ArrayList<>();
    compare(drift, "replicas", replicas(desired), replicas(actual));
    compare(drift, "image", image(desired), image(actual).map(i -> image(desired).filter(i::startsWith).orElse(i)));
    compare(drift, "memoryBytes", limits(desired).map(l -> l.getMemoryBytes()), limits(actual).map(l -> l.getMemoryBytes()));
    compare(drift, "nanoCpus", limits(desired).map(l -> l.getNanoCPUs()), limits(actual).map(l -> l.getNanoCPUs()));
    compare(drift, "env", env(desired), env(actual));
    return drift;
  }

  /** Whether the drift reaches the tasks (image, limits, environment), so undoing it rolls them; scaling alone does not. */
  public static boolean reachesTheTasks(List<String> drift) {
    return drift.stream().anyMatch(line -> !line.startsWith("replicas:"));
  }

  private static void compare(List<String> drift, String field, Optional<?> desired, Optional<?> actual) {
    if (!Objects.equals(desired.orElse(null), actual.orElse(null))) {
      drift.add(field + ": " + actual.map(Object::toString).orElse("none") + " on the Swarm, " + desired.map(Object::toString).orElse("none")
          + " defined (changed outside Sentinel)");
    }
  }

  private static Optional<Long> replicas(ServiceSpec s) {
    return Optional.ofNullable(s.getMode()).map(m -> m.getReplicated()).map(r -> r.getReplicas());
  }

  private static Optional<TaskSpec> task(ServiceSpec s) {
    return Optional.ofNullable(s.getTaskTemplate());
  }

  /** The image as defined; the manager may append the digest it resolved, which is not a change. */
  private static Optional<String> image(ServiceSpec s) {
    return task(s).map(TaskSpec::getContainerSpec).map(c -> c.getImage());
  }

  private static Optional<com.github.dockerjava.api.model.ResourceSpecs> limits(ServiceSpec s) {
    return task(s).map(TaskSpec::getResources).map(r -> r.getLimits());
  }

  private static Optional<Set<String>> env(ServiceSpec s) {
    return task(s).map(TaskSpec::getContainerSpec).map(c -> c.getEnv() == null ? new TreeSet<>() : new TreeSet<>(c.getEnv()));
  }
}
