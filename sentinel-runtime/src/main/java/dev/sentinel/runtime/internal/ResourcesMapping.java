package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import dev.sentinel.dsl.Resources;

/**
 * The {@link Resources} section on the engine: memory and CPU limits, the memory reservation and
 * the pids limit in the container spec and the host config; a Swarm task's resource requirements
 * (where CPUs can be reserved too).
 */
final class ResourcesMapping {
  private ResourcesMapping() {}

  /** This section's fields of a container spec; unset ones are {@code null}, absent from the hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(Long memoryBytes, Long memoryReservationBytes, Long nanoCpus, Long pidsLimit) {}

  static Spec spec(Resources r) {
    return new Spec(r.memoryLimit().map(m -> m.bytes()).orElse(null), r.memoryReservation().map(m -> m.bytes()).orElse(null),
        r.cpuLimit().map(c -> c.nanoCpus()).orElse(null), r.pidsLimit().orElse(null));
  }

  static void applyTo(Spec spec, HostConfig host) {
    // A single engine has no CPU reservation: Compose ignores deploy.resources.reservations.cpus there too.
    host.withMemory(spec.memoryBytes()).withMemoryReservation(spec.memoryReservationBytes()).withNanoCPUs(spec.nanoCpus())
        .withPidsLimit(spec.pidsLimit());
  }

  /** A Swarm task's limits (with the pids limit docker-java's model lacks) and reservations. */
  static ResourceRequirements swarm(Resources r) {
    SwarmModelExtensions.LimitsWithPids limits = new SwarmModelExtensions.LimitsWithPids();
    r.cpuLimit().ifPresent(c -> limits.withNanoCPUs(c.nanoCpus()));
    r.memoryLimit().ifPresent(m -> limits.withMemoryBytes(m.bytes()));
    limits.pids = r.pidsLimit().orElse(null);
    ResourceSpecs reservations = new ResourceSpecs();
    r.cpuReservation().ifPresent(c -> reservations.withNanoCPUs(c.nanoCpus()));
    r.memoryReservation().ifPresent(m -> reservations.withMemoryBytes(m.bytes()));
    return new ResourceRequirements().withLimits(limits).withReservations(reservations);
  }
}
