package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.BlkioWeightDevice;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.sentinel.dsl.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Kernel} section on the engine: ulimits, sysctls, the size of {@code /dev/shm} and the
 * cgroup's OOM and CPU settings in the container spec and the host config; a Swarm container spec
 * takes the ulimits and sysctls only.
 */
final class KernelMapping {
  private KernelMapping() {}

  /**
   * This section's fields of a container spec. {@code ulimits} is always present (it was from the
   * start: leaving it out when empty would change every container's hash); the others only when set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(Map<String, List<Long>> ulimits, Map<String, String> sysctls, Long shmSizeBytes, Integer oomScoreAdj, Boolean oomKillDisable,
      Integer cpuShares, String cpusetCpus, Long memorySwappiness, Long cpuQuota, Long cpuPeriod, Long memorySwapBytes,
      Integer blkioWeight, Map<String, Integer> blkioWeightDevices, Map<String, Long> blkioReadBps, Map<String, Long> blkioWriteBps,
      Map<String, Long> blkioReadIops, Map<String, Long> blkioWriteIops, Map<String, String> storageOptions, Long cpuRealtimePeriod,
      Long cpuRealtimeRuntime) {}

  static Spec spec(Kernel k) {
    Map<String, List<Long>> ulimits = new TreeMap<>();
    k.ulimits().forEach((name, u) -> ulimits.put(name, List.of(u.soft(), u.hard())));
    return new Spec(ulimits, k.sysctls().isEmpty() ? null : new TreeMap<>(k.sysctls()), k.shmSize().map(z -> z.bytes()).orElse(null),
        k.oomScoreAdj().orElse(null), k.oomKillDisable() ? true : null, k.cpuShares().orElse(null), k.cpuset().orElse(null),
        k.memSwappiness().map(Integer::longValue).orElse(null), k.cpuQuota().orElse(null), k.cpuPeriod().orElse(null),
        k.memswapLimitBytes().orElse(null), k.blkio().weight().orElse(null), sorted(k.blkio().weightDevices()),
        sorted(k.blkio().readBps()), sorted(k.blkio().writeBps()), sorted(k.blkio().readIops()), sorted(k.blkio().writeIops()),
        sorted(k.storageOptions()), k.cpuRtPeriod().orElse(null), k.cpuRtRuntime().orElse(null));
  }

  /** A sorted copy, or {@code null} (absent from the hash) when empty. */
  private static <V> Map<String, V> sorted(Map<String, V> byDevice) {
    return byDevice.isEmpty() ? null : new TreeMap<>(byDevice);
  }

  private static List<BlkioRateDevice> rates(Map<String, Long> byDevice) {
    return byDevice.entrySet().stream().map(e -> new BlkioRateDevice().withPath(e.getKey()).withRate(e.getValue())).toList();
  }

  static void applyTo(Spec spec, HostConfig host) {
    if (!spec.ulimits().isEmpty()) {
      List<Ulimit> ulimits = new ArrayList<>();
      spec.ulimits().forEach((n, v) -> ulimits.add(new Ulimit(n, v.get(0), v.get(1))));
      host.withUlimits(ulimits);
    }
    if (spec.sysctls() != null) {
      host.withSysctls(spec.sysctls());
    }
    if (spec.shmSizeBytes() != null) {
      host.withShmSize(spec.shmSizeBytes());
    }
    if (spec.oomScoreAdj() != null) {
      host.withOomScoreAdj(spec.oomScoreAdj());
    }
    if (spec.oomKillDisable() != null) {
      host.withOomKillDisable(spec.oomKillDisable());
    }
    if (spec.cpuShares() != null) {
      host.withCpuShares(spec.cpuShares());
    }
    if (spec.cpusetCpus() != null) {
      host.withCpusetCpus(spec.cpusetCpus());
    }
    if (spec.memorySwappiness() != null) {
      host.withMemorySwappiness(spec.memorySwappiness());
    }
    if (spec.cpuQuota() != null) {
      host.withCpuQuota(spec.cpuQuota());
    }
    if (spec.cpuPeriod() != null) {
      host.withCpuPeriod(spec.cpuPeriod());
    }
    if (spec.memorySwapBytes() != null) {
      host.withMemorySwap(spec.memorySwapBytes());
    }
    if (spec.blkioWeight() != null) {
      host.withBlkioWeight(spec.blkioWeight());
    }
    if (spec.blkioWeightDevices() != null) {
      host.withBlkioWeightDevice(spec.blkioWeightDevices().entrySet().stream()
          .map(e -> new BlkioWeightDevice().withPath(e.getKey()).withWeight(e.getValue())).toList());
    }
    if (spec.blkioReadBps() != null) {
      host.withBlkioDeviceReadBps(rates(spec.blkioReadBps()));
    }
    if (spec.blkioWriteBps() != null) {
      host.withBlkioDeviceWriteBps(rates(spec.blkioWriteBps()));
    }
    if (spec.blkioReadIops() != null) {
      host.withBlkioDeviceReadIOps(rates(spec.blkioReadIops()));
    }
    if (spec.blkioWriteIops() != null) {
      host.withBlkioDeviceWriteIOps(rates(spec.blkioWriteIops()));
    }
    if (spec.storageOptions() != null) {
      host.withStorageOpt(spec.storageOptions());
    }
    if (spec.cpuRealtimePeriod() != null) {
      host.withCpuRealtimePeriod(spec.cpuRealtimePeriod());
    }
    if (spec.cpuRealtimeRuntime() != null) {
      host.withCpuRealtimeRuntime(spec.cpuRealtimeRuntime());
    }
  }

  /** Ulimits and sysctls, which docker-java's Swarm model lacks (see {@link SwarmModelExtensions}). */
  static void applyTo(Spec spec, SwarmModelExtensions.HardenedContainerSpec swarm) {
    if (!spec.ulimits().isEmpty()) {
      List<Map<String, Object>> ulimits = new ArrayList<>();
      spec.ulimits().forEach((name, limits) -> ulimits.add(Map.of("Name", name, "Soft", limits.get(0), "Hard", limits.get(1))));
      swarm.ulimits = ulimits;
    }
    swarm.sysctls = spec.sysctls();
  }
}
