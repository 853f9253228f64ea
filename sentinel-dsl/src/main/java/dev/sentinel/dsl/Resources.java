package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * What a service's containers may use (limits) and are promised (reservations).
 *
 * <pre>{@code
 * svc.cpuLimit("1").memoryLimit("512m").memoryReservation("256m").pidsLimit(200);
 * }</pre>
 *
 * <p>These are Compose's {@code deploy.resources} (and its older top-level spellings {@code mem_limit},
 * {@code mem_reservation}, {@code cpus}, {@code pids_limit}); per-process limits, shared memory and
 * cgroup tuning are the {@link Kernel} section's. A section of a {@link Service}: see {@link Execution}.
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

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The top-level Compose attributes of this section, which {@link #reset} clears ({@code deploy} clears them all). */
    static final List<String> COMPOSE_KEYS = List.of("cpus", "mem_limit", "mem_reservation", "pids_limit");

    Optional<Cpus> cpuLimit;
    Optional<Size> memoryLimit;
    Optional<Cpus> cpuReservation;
    Optional<Size> memoryReservation;
    Optional<Long> pidsLimit;

    State(Resources from) {
      cpuLimit = from.cpuLimit();
      memoryLimit = from.memoryLimit();
      cpuReservation = from.cpuReservation();
      memoryReservation = from.memoryReservation();
      pidsLimit = from.pidsLimit();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "cpus" -> cpuLimit = Optional.empty();
        case "mem_limit" -> memoryLimit = Optional.empty();
        case "mem_reservation" -> memoryReservation = Optional.empty();
        case "pids_limit" -> pidsLimit = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    /** What {@code deploy: !reset} clears of this section: all of it. */
    void clear() {
      cpuLimit = Optional.empty();
      memoryLimit = Optional.empty();
      cpuReservation = Optional.empty();
      memoryReservation = Optional.empty();
      pidsLimit = Optional.empty();
    }

    Resources build() {
      return new Resources(cpuLimit, memoryLimit, cpuReservation, memoryReservation, pidsLimit);
    }
  }
}
