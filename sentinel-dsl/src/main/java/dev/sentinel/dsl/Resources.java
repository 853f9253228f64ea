package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a service's containers may use (limits) and are promised (reservations).
 *
 * <pre>{@code
 * svc.cpuLimit("1").memoryLimit("512m").memoryReservation("256m").pidsLimit(200).shmSize("256m");
 * }</pre>
 *
 * @param shmSize the size of {@code /dev/shm}, when not the engine's 64 MiB
 */
public record Resources(
    Optional<Cpus> cpuLimit,
    Optional<Size> memoryLimit,
    Optional<Cpus> cpuReservation,
    Optional<Size> memoryReservation,
    Optional<Long> pidsLimit,
    Map<String, Ulimit> ulimits,
    Optional<Size> shmSize) {

  /** No limits and no reservations. */
  public static final Resources NONE =
      new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());

  public Resources {
    checkNotNull(cpuLimit, "cpuLimit");
    checkNotNull(memoryLimit, "memoryLimit");
    checkNotNull(cpuReservation, "cpuReservation");
    checkNotNull(memoryReservation, "memoryReservation");
    checkNotNull(pidsLimit, "pidsLimit");
    ulimits = ImmutableMap.copyOf(ulimits);
    checkNotNull(shmSize, "shmSize");
  }
}
