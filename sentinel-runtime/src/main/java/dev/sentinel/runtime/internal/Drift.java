package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What was changed on a container outside Sentinel after it was created from its spec: the
 * settings {@code docker update} changes (limits, CPU shares and sets, block I/O weight, restart
 * policy) and the networks {@code docker network connect/disconnect} changes. The config-hash
 * label cannot see these, so the engine's inspect is compared with the host config Sentinel would
 * send for the spec, through the same mappings, after the engine's own defaults (0 and unset are
 * the same). A limit set on the engine counts; one unset there but defined does not (the engine
 * discards what the kernel cannot do, with a warning at creation, and {@code docker update} sets
 * values rather than clearing them). Each difference names the field and both values.
 *
 * <p>The inspect is a JSON tree ({@link EngineJson}), not docker-java's model: every plan of a
 * running stack reads it for each container, and binding it to {@code InspectContainerResponse}
 * cost a fifth of a plan's CPU time in Jackson's reflection.
 */
final class Drift {
  private Drift() {}

  /**
   * The differences, e.g. {@code memoryBytes: 134217728 on the engine, 67108864 defined}; empty when
   * none. {@code actual} is the engine's answer to {@code GET /containers/{id}/json}.
   */
  static List<String> of(JsonNode actual, ContainerSpec desired) {
    HostConfig expected = HostConfig.newHostConfig();
    ResourcesMapping.applyTo(desired.resources(), expected);
    KernelMapping.applyTo(desired.kernel(), expected);
    JsonNode engine = actual.path("HostConfig");
    List<String> drift = new ArrayList<>();
    number(drift, "memoryBytes", expected.getMemory(), engine.path("Memory"));
    number(drift, "memoryReservationBytes", expected.getMemoryReservation(), engine.path("MemoryReservation"));
    number(drift, "nanoCpus", expected.getNanoCPUs(), engine.path("NanoCpus"));
    // "No limit" is null, 0 or -1 (the engine's answer depends on its version; -1 may be defined).
    Long pids = expected.getPidsLimit() == null || expected.getPidsLimit() < 0 ? null : expected.getPidsLimit();
    number(drift, "pidsLimit", pids, engine.path("PidsLimit").asLong(0) < 0 ? MissingNode.getInstance() : engine.path("PidsLimit"));
    number(drift, "cpuShares", expected.getCpuShares() == null ? null : expected.getCpuShares().longValue(), engine.path("CpuShares"));
    number(drift, "cpuQuota", expected.getCpuQuota(), engine.path("CpuQuota"));
    number(drift, "cpuPeriod", expected.getCpuPeriod(), engine.path("CpuPeriod"));
    number(drift, "blkioWeight", expected.getBlkioWeight() == null ? null : expected.getBlkioWeight().longValue(), engine.path("BlkioWeight"));
    String cpuset = Objects.toString(expected.getCpusetCpus(), "");
    String engineCpuset = engine.path("CpusetCpus").asText("");
    if (!engineCpuset.isEmpty() && !cpuset.equals(engineCpuset)) {
      drift.add(field("cpusetCpus", engineCpuset, cpuset));
    }
    String restart = restart(LifecycleMapping.restart(desired.lifecycle()));
    JsonNode policy = engine.path("RestartPolicy");
    String engineRestart = restart(policy.path("Name").asText(""), policy.path("MaximumRetryCount").asLong(0));
    if (!restart.equals(engineRestart)) {
      drift.add(field("restart", engineRestart, restart));
    }
    if (desired.networking().networkMode() == null) {
      JsonNode joined = actual.path("NetworkSettings").path("Networks");
      for (String network : new TreeSet<>(desired.networking().networks().keySet())) {
        if (!joined.has(network)) {
          drift.add("network " + network + ": disconnected on the engine, joined in the definition");
        }
      }
      TreeSet<String> engineNetworks = new TreeSet<>();
      joined.fieldNames().forEachRemaining(engineNetworks::add);
      for (String network : engineNetworks) {
        if (!desired.networking().networks().containsKey(network)) {
          drift.add("network " + network + ": connected on the engine, not in the definition");
        }
      }
    }
    return drift;
  }

  private static void number(List<String> drift, String name, Long expected, JsonNode engine) {
    long want = orZero(expected);
    long have = engine.asLong(0);
    // Unset on the engine but defined: the engine discarded it at creation (a kernel without that
    // cgroup says so in a warning), not a change made later, which sets a value.
    if (have != 0 && want != have) {
      drift.add(field(name, Long.toString(have), want == 0 ? "unset" : Long.toString(want)));
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static String restart(RestartPolicy policy) {
    return restart(policy == null ? null : policy.getName(),
        policy == null || policy.getMaximumRetryCount() == null ? 0 : policy.getMaximumRetryCount().longValue());
  }

  private static String restart(String name, long maximumRetries) {
    if (name == null || name.isEmpty() || name.equals("no")) {
      return "no";
    }
    return name.equals("on-failure") ? "on-failure:" + maximumRetries : name;
  }

  private static String field(String name, Object onEngine, Object defined) {
    return name + ": " + orUnset(onEngine) + " on the engine, " + orUnset(defined) + " defined";
  }

  private static Object orUnset(Object value) {
    return value == null || value.toString().isEmpty() ? "unset" : value;
  }
}
