package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What was changed on a container outside Sentinel after it was created from its spec: the
 * settings {@code docker update} changes (limits, CPU shares and sets, block I/O weight, restart
 * policy) and the networks {@code docker network connect/disconnect} changes. The config-hash
 * label cannot see these, so the engine's inspect is compared with the host config Sentinel would
 * send for the spec, through the same mappings, after the engine's own defaults (0 and unset are
 * the same). A limit set on the engine counts; one unset there but defined does not (the engine
 * discards what the kernel cannot do, with a warning at creation, and {@code docker update} sets
 * values rather than clearing them). Each difference names the field and both values.
 */
final class Drift {
  private Drift() {}

  /** The differences, e.g. {@code memoryBytes: 134217728 on the engine, 67108864 defined}; empty when none. */
  static List<String> of(InspectContainerResponse actual, ContainerSpec desired) {
    HostConfig expected = HostConfig.newHostConfig();
    ResourcesMapping.applyTo(desired.resources(), expected);
    KernelMapping.applyTo(desired.kernel(), expected);
    HostConfig engine = actual.getHostConfig();
    List<String> drift = new ArrayList<>();
    number(drift, "memoryBytes", expected, engine, HostConfig::getMemory);
    number(drift, "memoryReservationBytes", expected, engine, HostConfig::getMemoryReservation);
    number(drift, "nanoCpus", expected, engine, HostConfig::getNanoCPUs);
    number(drift, "pidsLimit", expected, engine, h -> h.getPidsLimit() == null || h.getPidsLimit() < 0 ? null : h.getPidsLimit());
    number(drift, "cpuShares", expected, engine, h -> h.getCpuShares() == null ? null : h.getCpuShares().longValue());
    number(drift, "cpuQuota", expected, engine, HostConfig::getCpuQuota);
    number(drift, "cpuPeriod", expected, engine, HostConfig::getCpuPeriod);
    number(drift, "blkioWeight", expected, engine, h -> h.getBlkioWeight() == null ? null : h.getBlkioWeight().longValue());
    String cpuset = Objects.toString(expected.getCpusetCpus(), "");
    String engineCpuset = Objects.toString(engine.getCpusetCpus(), "");
    if (!engineCpuset.isEmpty() && !cpuset.equals(engineCpuset)) {
      drift.add(field("cpusetCpus", engine.getCpusetCpus(), cpuset));
    }
    String restart = restart(LifecycleMapping.restart(desired.lifecycle()));
    if (!restart.equals(restart(engine.getRestartPolicy()))) {
      drift.add(field("restart", restart(engine.getRestartPolicy()), restart));
    }
    if (desired.networking().networkMode() == null) {
      Map<String, ContainerNetwork> joined = actual.getNetworkSettings() == null || actual.getNetworkSettings().getNetworks() == null
          ? Map.of() : actual.getNetworkSettings().getNetworks();
      for (String network : new TreeSet<>(desired.networking().networks().keySet())) {
        if (!joined.containsKey(network)) {
          drift.add("network " + network + ": disconnected on the engine, joined in the definition");
        }
      }
      for (String network : new TreeSet<>(joined.keySet())) {
        if (!desired.networking().networks().containsKey(network)) {
          drift.add("network " + network + ": connected on the engine, not in the definition");
        }
      }
    }
    return drift;
  }

  private static void number(List<String> drift, String name, HostConfig expected, HostConfig engine, Function<HostConfig, Long> get) {
    long want = orZero(get.apply(expected));
    long have = orZero(get.apply(engine));
    // Unset on the engine but defined: the engine discarded it at creation (a kernel without that
    // cgroup says so in a warning), not a change made later, which sets a value.
    if (have != 0 && want != have) {
      drift.add(field(name, have == 0 ? "unset" : Long.toString(have), want == 0 ? "unset" : Long.toString(want)));
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static String restart(RestartPolicy policy) {
    if (policy == null || policy.getName() == null || policy.getName().isEmpty() || policy.getName().equals("no")) {
      return "no";
    }
    return policy.getName().equals("on-failure") ? "on-failure:" + orZero(policy.getMaximumRetryCount() == null ? null
        : policy.getMaximumRetryCount().longValue()) : policy.getName();
  }

  private static String field(String name, Object onEngine, Object defined) {
    return name + ": " + (onEngine == null || onEngine.toString().isEmpty() ? "unset" : onEngine) + " on the engine, " + defined + " defined";
  }
}
