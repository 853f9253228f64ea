package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import dev.sentinel.dsl.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link Security} section on the engine: its part of the {@link ContainerSpec}, the create
 * request (user and host config) and the Swarm service's container spec.
 */
final class SecurityMapping {
  private SecurityMapping() {}

  /**
   * This section's fields of a container spec. The three flags are always present in the JSON (they
   * were from the start, so changing that would change every container's hash); the rest only when set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(String user, boolean readOnlyRootFilesystem, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
      boolean privileged, boolean init, String pidMode, String ipcMode, String usernsMode, String utsMode, List<String> devices,
      String runtime, String cgroupParent, String cgroupnsMode, List<String> groupAdd, List<String> deviceCgroupRules,
      List<Gpu> gpus, List<String> volumesFrom) {}

  /** A GPU request as the engine's device request takes it. */
  record Gpu(String driver, int count, List<String> deviceIds, List<String> capabilities, java.util.Map<String, String> options) {}

  /**
   * @param containerOf the engine's name of a service's first container, for {@code volumes_from}
   *     entries naming a service
   */
  static Spec spec(Security sec, java.util.function.UnaryOperator<String> containerOf) {
    List<String> opts = new ArrayList<>();
    if (sec.noNewPrivileges()) {
      opts.add("no-new-privileges:true");
    }
    opts.addAll(sec.securityOpt());
    return new Spec(sec.user().map(u -> u.spec()).orElse(null), sec.readOnlyRootFilesystem(), List.copyOf(sec.capAdd()),
        List.copyOf(sec.capDrop()), opts, sec.privileged(), sec.init(), sec.pid().orElse(null), sec.ipc().orElse(null),
        sec.usernsMode().orElse(null), sec.uts().orElse(null), sec.devices(), sec.runtime().orElse(null), sec.cgroupParent().orElse(null),
        sec.cgroup().orElse(null), sec.groupAdd().isEmpty() ? null : sec.groupAdd(),
        sec.deviceCgroupRules().isEmpty() ? null : sec.deviceCgroupRules(),
        sec.gpus().isEmpty() ? null : sec.gpus().stream().map(g -> new Gpu(g.driver().orElse(""), g.count(), g.deviceIds(), g.capabilities(),
            new java.util.TreeMap<>(g.options()))).toList(),
        sec.volumesFrom().isEmpty() ? null : sec.volumesFrom().stream()
            .map(v -> (v.container() ? v.source() : containerOf.apply(v.source())) + (v.readOnly() ? ":ro" : ":rw")).toList());
  }

  static void applyTo(Spec spec, CreateContainerCmd cmd, HostConfig host) {
    // docker-java rejects nulls in some setters: set only what the spec sets.
    if (spec.user() != null) {
      cmd.withUser(spec.user());
    }
    host.withReadonlyRootfs(spec.readOnlyRootFilesystem())
        .withPrivileged(spec.privileged())
        .withInit(spec.init() ? Boolean.TRUE : null)
        .withSecurityOpts(spec.securityOpt().isEmpty() ? null : spec.securityOpt())
        .withCapAdd(capabilities(spec.capAdd()))
        .withCapDrop(capabilities(spec.capDrop()))
        .withPidMode(spec.pidMode())
        .withIpcMode(spec.ipcMode());
    if (spec.usernsMode() != null) {
      host.withUsernsMode(spec.usernsMode());
    }
    if (spec.utsMode() != null) {
      host.withUtSMode(spec.utsMode());
    }
    if (!spec.devices().isEmpty()) {
      host.withDevices(spec.devices().stream().map(Device::parse).toList());
    }
    if (spec.runtime() != null) {
      host.withRuntime(spec.runtime());
    }
    if (spec.cgroupParent() != null) {
      host.withCgroupParent(spec.cgroupParent());
    }
    if (spec.cgroupnsMode() != null) {
      host.withCgroupnsMode(spec.cgroupnsMode());
    }
    if (spec.groupAdd() != null) {
      host.withGroupAdd(spec.groupAdd());
    }
    if (spec.deviceCgroupRules() != null) {
      host.withDeviceCgroupRules(spec.deviceCgroupRules());
    }
    if (spec.gpus() != null) {
      // The engine's "gpu" capability is implied, as docker run --gpus and Compose ask for it.
      host.withDeviceRequests(spec.gpus().stream().map(g -> new com.github.dockerjava.api.model.DeviceRequest()
          .withDriver(g.driver()).withCount(g.count()).withDeviceIds(g.deviceIds().isEmpty() ? null : g.deviceIds())
          .withCapabilities(List.of(g.capabilities().isEmpty() ? List.of("gpu") : g.capabilities()))
          .withOptions(g.options())).toList());
    }
    if (spec.volumesFrom() != null) {
      host.withVolumesFrom(spec.volumesFrom().stream().map(com.github.dockerjava.api.model.VolumesFrom::parse)
          .toArray(com.github.dockerjava.api.model.VolumesFrom[]::new));
    }
  }

  /**
   * A Swarm task: user, read-only root, init and capabilities (which docker-java's Swarm model lacks,
   * see {@link SwarmModelExtensions}). Swarm has no privileged mode, devices, namespace modes, runtime,
   * cgroup, device rule or {@code volumes_from} settings (docker stack deploy ignores them too).
   */
  static void applyTo(Spec spec, SwarmModelExtensions.HardenedContainerSpec swarm) {
    swarm.withReadOnly(spec.readOnlyRootFilesystem()).withInit(spec.init() ? Boolean.TRUE : null);
    if (spec.user() != null) {
      swarm.withUser(spec.user());
    }
    if (!spec.capAdd().isEmpty()) {
      swarm.capabilityAdd = spec.capAdd().stream().map(SecurityMapping::swarmCapability).toList();
    }
    if (!spec.capDrop().isEmpty()) {
      swarm.capabilityDrop = spec.capDrop().stream().map(SecurityMapping::swarmCapability).toList();
    }
    // docker-java's Swarm model spells Groups as one string, which the engine refuses; groups are single-engine only.
  }

  private static Capability[] capabilities(List<String> names) {
    if (names.isEmpty()) {
      return null;
    }
    return names.stream()
        .map(n -> n.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
        .map(n -> {
          try {
            return Capability.valueOf(n);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + n + "\" is not a Linux capability Docker knows", e);
          }
        })
        .toArray(Capability[]::new);
  }

  /** Swarm wants {@code CAP_NET_ADMIN}; {@code ALL} stays as it is. */
  private static String swarmCapability(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper;
  }

  /** The section's attributes a Swarm task has no setting for. */
  static List<String> ignoredOnSwarm(dev.sentinel.dsl.Security s) {
    return s.volumesFrom().isEmpty() ? List.of() : List.of("volumes_from");
  }
}
