package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sentinel.dsl.Cpus;
import dev.sentinel.dsl.Size;
import java.util.Optional;

/**
 * One container's live CPU and memory use against its service's limits and reservations, with
 * suggested limits (the seed's optimize-resources).
 *
 * @param service the service
 * @param container the container's name
 * @param cpus CPUs in use now (e.g. 0.25 is a quarter of one CPU)
 * @param memory memory in use now
 * @param cpuLimit the service's CPU limit, if any
 * @param memoryLimit the service's memory limit, if any
 * @param memoryReservation the service's memory reservation, if any
 * @param suggestedCpuLimit twice the current use, at least 0.1 CPU
 * @param suggestedMemoryLimit one and a half times the current use, rounded up to 16 MiB, at least 32 MiB
 */
public record ResourceUsage(String service, String container, double cpus, Size memory, Optional<Cpus> cpuLimit,
    Optional<Size> memoryLimit, Optional<Size> memoryReservation, Cpus suggestedCpuLimit, Size suggestedMemoryLimit) {
  public ResourceUsage {
    checkNotNull(service, "service");
    checkNotNull(container, "container");
    checkNotNull(memory, "memory");
    checkNotNull(cpuLimit, "cpuLimit");
    checkNotNull(memoryLimit, "memoryLimit");
    checkNotNull(memoryReservation, "memoryReservation");
    checkNotNull(suggestedCpuLimit, "suggestedCpuLimit");
    checkNotNull(suggestedMemoryLimit, "suggestedMemoryLimit");
  }

  /** Suggestions from a measurement: headroom over what is used now. */
  public static ResourceUsage measured(String service, String container, double cpus, Size memory, Optional<Cpus> cpuLimit,
      Optional<Size> memoryLimit, Optional<Size> memoryReservation) {
    double cpuSuggestion = Math.max(0.1, Math.ceil(cpus * 2 * 20) / 20);
    long sixteen = 16L << 20;
    long memorySuggestion = Math.max(32L << 20, ((long) Math.ceil(memory.bytes() * 1.5 / sixteen)) * sixteen);
    return new ResourceUsage(service, container, cpus, memory, cpuLimit, memoryLimit, memoryReservation,
        Cpus.of(cpuSuggestion), Size.bytes(memorySuggestion));
  }

  /** Memory in use as a share of the limit, when there is one. */
  public Optional<Double> memoryShareOfLimit() {
    return memoryLimit.filter(l -> l.bytes() > 0).map(l -> (double) memory.bytes() / l.bytes());
  }
}
