package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a service's containers ask of the kernel: per-process limits, namespaced kernel parameters,
 * the size of shared memory, and the OOM killer's and the scheduler's treatment of their cgroup. One section of a {@link Service} (see {@link Execution} for what a
 * section is); set through {@link ServiceBuilder#ulimit}, {@link ServiceBuilder#sysctl} and {@link
 * ServiceBuilder#shmSize}, {@link ServiceBuilder#blkio} and the scheduler calls.
 *
 * <pre>{@code
 * svc.ulimit("nofile", 10000, 20000).sysctl("net.core.somaxconn", "1024").shmSize("256m");
 * }</pre>
 *
 * @param ulimits per-process limits by name, e.g. {@code nofile}
 * @param sysctls namespaced kernel parameters set in the containers, e.g. {@code net.core.somaxconn}
 * @param shmSize the size of {@code /dev/shm}, when not the engine's 64 MiB
 * @param oomScoreAdj how much more (positive) or less (negative) likely the OOM killer picks the
 *     containers, -1000 to 1000 (Compose's {@code oom_score_adj})
 * @param oomKillDisable whether the OOM killer spares the containers (Compose's {@code oom_kill_disable})
 * @param cpuShares the relative CPU weight under contention, 2 or more; the engine's default is 1024
 *     (Compose's {@code cpu_shares})
 * @param cpuset the CPUs the containers may run on, e.g. {@code 0-3} or {@code 0,2} (Compose's {@code cpuset})
 * @param memSwappiness how readily the kernel swaps the containers' anonymous pages, 0 to 100
 *     (Compose's {@code mem_swappiness})
 * @param cpuQuota microseconds of CPU time per {@code cpuPeriod} (Compose's {@code cpu_quota}); {@code
 *     cpus} is the simpler way to say the same
 * @param cpuPeriod the CFS scheduler period in microseconds (Compose's {@code cpu_period})
 * @param memswapLimitBytes memory plus swap, in bytes, at least the memory limit; -1 for unlimited swap
 *     (Compose's {@code memswap_limit})
 * @param blkio block I/O weight and throttling (Compose's {@code blkio_config})
 * @param storageOptions options of the storage driver for the containers' writable layer, e.g.
 *     {@code size=1G} (Compose's {@code storage_opt}; needs a driver that supports them)
 * @param cpuRtPeriod the real-time scheduler period in microseconds (Compose's {@code cpu_rt_period})
 * @param cpuRtRuntime microseconds of real-time CPU time per period (Compose's {@code cpu_rt_runtime})
 */
public record Kernel(Map<String, Ulimit> ulimits, Map<String, String> sysctls, Optional<Size> shmSize, Optional<Integer> oomScoreAdj,
    boolean oomKillDisable, Optional<Integer> cpuShares, Optional<String> cpuset, Optional<Integer> memSwappiness, Optional<Long> cpuQuota,
    Optional<Long> cpuPeriod, Optional<Long> memswapLimitBytes, Blkio blkio,
    Map<String, String> storageOptions, Optional<Long> cpuRtPeriod, Optional<Long> cpuRtRuntime) {
  /** The engine's defaults. */
  public static final Kernel DEFAULT =
      new Kernel(Map.of(), Map.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Blkio.NONE, Map.of(), Optional.empty(),
          Optional.empty());

  public Kernel {
    ulimits = ImmutableMap.copyOf(ulimits);
    sysctls = ImmutableMap.copyOf(sysctls);
    checkNotNull(shmSize, "shmSize");
    checkNotNull(oomScoreAdj, "oomScoreAdj");
    checkNotNull(cpuShares, "cpuShares");
    checkNotNull(cpuset, "cpuset");
    checkNotNull(memSwappiness, "memSwappiness");
    checkNotNull(cpuQuota, "cpuQuota");
    checkNotNull(cpuPeriod, "cpuPeriod");
    checkNotNull(memswapLimitBytes, "memswapLimitBytes");
    checkNotNull(blkio, "blkio");
    storageOptions = ImmutableMap.copyOf(storageOptions);
    checkNotNull(cpuRtPeriod, "cpuRtPeriod");
    checkNotNull(cpuRtRuntime, "cpuRtRuntime");
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of(
        "ulimits", "sysctls", "shm_size", "oom_score_adj", "oom_kill_disable", "cpu_shares", "cpuset", "mem_swappiness", "cpu_quota",
        "cpu_period", "memswap_limit", "blkio_config", "storage_opt", "cpu_rt_period", "cpu_rt_runtime");

    final Map<String, Ulimit> ulimits;
    final Map<String, String> sysctls;
    Optional<Size> shmSize;
    Optional<Integer> oomScoreAdj;
    boolean oomKillDisable;
    Optional<Integer> cpuShares;
    Optional<String> cpuset;
    Optional<Integer> memSwappiness;
    Optional<Long> cpuQuota;
    Optional<Long> cpuPeriod;
    Optional<Long> memswapLimitBytes;
    Blkio blkio;
    final Map<String, String> storageOptions;
    Optional<Long> cpuRtPeriod;
    Optional<Long> cpuRtRuntime;

    State(Kernel from) {
      ulimits = new LinkedHashMap<>(from.ulimits());
      sysctls = new LinkedHashMap<>(from.sysctls());
      shmSize = from.shmSize();
      oomScoreAdj = from.oomScoreAdj();
      oomKillDisable = from.oomKillDisable();
      cpuShares = from.cpuShares();
      cpuset = from.cpuset();
      memSwappiness = from.memSwappiness();
      cpuQuota = from.cpuQuota();
      cpuPeriod = from.cpuPeriod();
      memswapLimitBytes = from.memswapLimitBytes();
      blkio = from.blkio();
      storageOptions = new LinkedHashMap<>(from.storageOptions());
      cpuRtPeriod = from.cpuRtPeriod();
      cpuRtRuntime = from.cpuRtRuntime();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "ulimits" -> ulimits.clear();
        case "sysctls" -> sysctls.clear();
        case "shm_size" -> shmSize = Optional.empty();
        case "oom_score_adj" -> oomScoreAdj = Optional.empty();
        case "oom_kill_disable" -> oomKillDisable = false;
        case "cpu_shares" -> cpuShares = Optional.empty();
        case "cpuset" -> cpuset = Optional.empty();
        case "mem_swappiness" -> memSwappiness = Optional.empty();
        case "cpu_quota" -> cpuQuota = Optional.empty();
        case "cpu_period" -> cpuPeriod = Optional.empty();
        case "memswap_limit" -> memswapLimitBytes = Optional.empty();
        case "blkio_config" -> blkio = Blkio.NONE;
        case "storage_opt" -> storageOptions.clear();
        case "cpu_rt_period" -> cpuRtPeriod = Optional.empty();
        case "cpu_rt_runtime" -> cpuRtRuntime = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    Kernel build() {
      return new Kernel(ulimits, sysctls, shmSize, oomScoreAdj, oomKillDisable, cpuShares, cpuset, memSwappiness, cpuQuota, cpuPeriod,
          memswapLimitBytes, blkio, storageOptions, cpuRtPeriod, cpuRtRuntime);
    }
  }
}
