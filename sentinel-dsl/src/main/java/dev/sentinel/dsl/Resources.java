package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * What a service's containers may use (limits) and are promised (reservations).
 *
 * <pre>{@code
 * svc.cpuLimit("1").memoryLimit("512m").memoryReservation("256m").pidsLimit(200);
 * }</pre>
 *
 * <p>These are Compose's {@code deploy.resources}; per-process limits and shared memory are the
 * {@link Kernel} section's.
 */
public record Resources(
    Optional<Cpus> cpuLimit,
    Optional<Size> memoryLimit,
    Optional<Cpus> cpuReservation,
    Optional<Size> memoryReservation,
    Optional<Long> pidsLimit) {

  /** No limits and no reservations. */
  public static final Resources NONE =
      new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public Resources {
    checkNotNull(cpuLimit, "cpuLimit");
    checkNotNull(memoryLimit, "memoryLimit");
    checkNotNull(cpuReservation, "cpuReservation");
    checkNotNull(memoryReservation, "memoryReservation");
    checkNotNull(pidsLimit, "pidsLimit");
  }
}
