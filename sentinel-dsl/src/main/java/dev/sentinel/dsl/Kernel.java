package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service's containers ask of the kernel: per-process limits, namespaced kernel parameters
 * and the size of shared memory. One section of a {@link Service} (see {@link Execution} for what a
 * section is); set through {@link ServiceBuilder#ulimit}, {@link ServiceBuilder#sysctl} and {@link
 * ServiceBuilder#shmSize}.
 *
 * <pre>{@code
 * svc.ulimit("nofile", 10000, 20000).sysctl("net.core.somaxconn", "1024").shmSize("256m");
 * }</pre>
 *
 * @param ulimits per-process limits by name, e.g. {@code nofile}
 * @param sysctls namespaced kernel parameters set in the containers, e.g. {@code net.core.somaxconn}
 * @param shmSize the size of {@code /dev/shm}, when not the engine's 64 MiB
 */
public record Kernel(Map<String, Ulimit> ulimits, Map<String, String> sysctls, Optional<Size> shmSize) {
  /** The engine's defaults. */
  public static final Kernel DEFAULT = new Kernel(Map.of(), Map.of(), Optional.empty());

  public Kernel {
    ulimits = ImmutableMap.copyOf(ulimits);
    sysctls = ImmutableMap.copyOf(sysctls);
    checkNotNull(shmSize, "shmSize");
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("ulimits", "sysctls", "shm_size");

    final Map<String, Ulimit> ulimits;
    final Map<String, String> sysctls;
    Optional<Size> shmSize;

    State(Kernel from) {
      ulimits = new LinkedHashMap<>(from.ulimits());
      sysctls = new LinkedHashMap<>(from.sysctls());
      shmSize = from.shmSize();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "ulimits" -> ulimits.clear();
        case "sysctls" -> sysctls.clear();
        case "shm_size" -> shmSize = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    Kernel build() {
      return new Kernel(ulimits, sysctls, shmSize);
    }
  }
}
