package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a service's containers are isolated. One section of a {@link Service} (see {@link Execution}
 * for what a section is): this record and its {@link State} here, {@code SecuritySection} in
 * sentinel-compose, {@code SecurityMapping} in the runtime.
 *
 * <pre>{@code
 * svc.user(10001, 10001).readOnlyRootFilesystem().noNewPrivileges().dropCapabilities("ALL");
 * svc.hardened();   // all of the above, plus tmpfs /tmp and a pids limit
 * }</pre>
 *
 * @param user who the process runs as; empty for the image's user
 * @param readOnlyRootFilesystem whether the container's root filesystem is read-only
 * @param noNewPrivileges whether processes may not gain privileges (setuid, file capabilities)
 * @param capDrop capabilities dropped, e.g. {@code ALL}
 * @param capAdd capabilities added back, e.g. {@code NET_BIND_SERVICE}
 * @param securityOpt further {@code security_opt} entries, e.g. {@code seccomp=profile.json}
 * @param privileged whether the container is privileged (allowed, but policy flags it)
 * @param init whether an init process reaps zombies and forwards signals
 * @param pid the PID namespace mode, e.g. {@code host}; empty for a private one
 * @param ipc the IPC namespace mode; empty for the engine's default
 * @param usernsMode the user namespace mode, e.g. {@code host}; empty for the engine's default
 * @param uts the UTS namespace mode, e.g. {@code host}; empty for a private one
 * @param devices host devices mapped in, as {@code host[:container[:permissions]]}
 * @param runtime the OCI runtime, e.g. {@code runc} or {@code runsc} (gVisor); empty for the engine's default
 * @param cgroupParent the parent cgroup of the containers' cgroups (Compose's {@code cgroup_parent})
 * @param cgroup the cgroup namespace, {@code host} or {@code private}; empty for the engine's default
 * @param groupAdd further groups the process belongs to, by name or number (Compose's {@code group_add})
 * @param deviceCgroupRules device access rules of the containers' cgroup, e.g. {@code c 189:* rmw}
 *     (Compose's {@code device_cgroup_rules})
 * @param gpus GPUs asked of the engine (Compose's {@code gpus})
 * @param volumesFrom other containers whose volumes are mounted too (Compose's {@code volumes_from}):
 *     storage shared past the service's own mounts, as {@code pid} and {@code ipc} share namespaces
 */
public record Security(
    Optional<User> user,
    boolean readOnlyRootFilesystem,
    boolean noNewPrivileges,
    Set<String> capDrop,
    Set<String> capAdd,
    List<String> securityOpt,
    boolean privileged,
    boolean init,
    Optional<String> pid,
    Optional<String> ipc,
    Optional<String> usernsMode,
    Optional<String> uts,
    List<String> devices,
    Optional<String> runtime,
    Optional<String> cgroupParent,
    Optional<String> cgroup,
    List<String> groupAdd,
    List<String> deviceCgroupRules,
    List<GpuRequest> gpus,
    List<VolumesFrom> volumesFrom) {

  /** The engine's defaults. */
  public static final Security DEFAULT =
      new Security(Optional.empty(), false, false, Set.of(), Set.of(), List.of(), false, false, Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of());

  public Security {
    checkNotNull(user, "user");
    capDrop = ImmutableSet.copyOf(capDrop);
    capAdd = ImmutableSet.copyOf(capAdd);
    securityOpt = ImmutableList.copyOf(securityOpt);
    checkNotNull(pid, "pid");
    checkNotNull(ipc, "ipc");
    checkNotNull(usernsMode, "usernsMode");
    checkNotNull(uts, "uts");
    devices = ImmutableList.copyOf(devices);
    checkNotNull(runtime, "runtime");
    checkNotNull(cgroupParent, "cgroupParent");
    checkNotNull(cgroup, "cgroup");
    groupAdd = ImmutableList.copyOf(groupAdd);
    deviceCgroupRules = ImmutableList.copyOf(deviceCgroupRules);
    gpus = ImmutableList.copyOf(gpus);
    volumesFrom = ImmutableList.copyOf(volumesFrom);
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of(
        "user", "read_only", "security_opt", "cap_drop", "cap_add", "devices", "privileged", "init", "pid", "ipc", "userns_mode", "uts",
        "runtime", "cgroup_parent", "cgroup", "group_add", "device_cgroup_rules", "gpus", "volumes_from");

    Optional<User> user;
    boolean readOnlyRootFilesystem;
    boolean noNewPrivileges;
    final Set<String> capDrop;
    final Set<String> capAdd;
    final List<String> securityOpt;
    boolean privileged;
    boolean init;
    Optional<String> pid;
    Optional<String> ipc;
    Optional<String> usernsMode;
    Optional<String> uts;
    final List<String> devices;
    Optional<String> runtime;
    Optional<String> cgroupParent;
    Optional<String> cgroup;
    final List<String> groupAdd;
    final List<String> deviceCgroupRules;
    final List<GpuRequest> gpus;
    final List<VolumesFrom> volumesFrom;

    State(Security from) {
      user = from.user();
      readOnlyRootFilesystem = from.readOnlyRootFilesystem();
      noNewPrivileges = from.noNewPrivileges();
      capDrop = new LinkedHashSet<>(from.capDrop());
      capAdd = new LinkedHashSet<>(from.capAdd());
      securityOpt = new ArrayList<>(from.securityOpt());
      privileged = from.privileged();
      init = from.init();
      pid = from.pid();
      ipc = from.ipc();
      usernsMode = from.usernsMode();
      uts = from.uts();
      devices = new ArrayList<>(from.devices());
      runtime = from.runtime();
      cgroupParent = from.cgroupParent();
      cgroup = from.cgroup();
      groupAdd = new ArrayList<>(from.groupAdd());
      deviceCgroupRules = new ArrayList<>(from.deviceCgroupRules());
      gpus = new ArrayList<>(from.gpus());
      volumesFrom = new ArrayList<>(from.volumesFrom());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "user" -> user = Optional.empty();
        case "read_only" -> readOnlyRootFilesystem = false;
        case "security_opt" -> {
          // Compose spells no-new-privileges as a security_opt entry.
          securityOpt.clear();
          noNewPrivileges = false;
        }
        case "cap_drop" -> capDrop.clear();
        case "cap_add" -> capAdd.clear();
        case "devices" -> devices.clear();
        case "privileged" -> privileged = false;
        case "init" -> init = false;
        case "pid" -> pid = Optional.empty();
        case "ipc" -> ipc = Optional.empty();
        case "userns_mode" -> usernsMode = Optional.empty();
        case "uts" -> uts = Optional.empty();
        case "runtime" -> runtime = Optional.empty();
        case "cgroup_parent" -> cgroupParent = Optional.empty();
        case "cgroup" -> cgroup = Optional.empty();
        case "group_add" -> groupAdd.clear();
        case "device_cgroup_rules" -> deviceCgroupRules.clear();
        case "gpus" -> gpus.clear();
        case "volumes_from" -> volumesFrom.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Security build() {
      return new Security(user, readOnlyRootFilesystem, noNewPrivileges, capDrop, capAdd, securityOpt, privileged, init, pid, ipc,
          usernsMode, uts, devices, runtime, cgroupParent, cgroup, groupAdd, deviceCgroupRules, gpus, volumesFrom);
    }
  }
}
