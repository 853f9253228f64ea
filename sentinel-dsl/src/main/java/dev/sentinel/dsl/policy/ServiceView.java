package dev.sentinel.dsl.policy;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the policy rules look at in one service: built from a definition ({@link #of(Service, Map)}) for
 * lint, or from {@code docker inspect} of a running container for audit, so both modes share every
 * rule.
 *
 * @param service the service's name
 * @param image the image reference, e.g. {@code redis:7.2}
 * @param user the effective user, if any is set (by the service or, in audit, the image)
 * @param readOnlyRootFilesystem whether the root filesystem is read-only
 * @param securityOpt {@code security_opt} entries, {@code no-new-privileges} included when set
 * @param capDrop dropped capabilities
 * @param capAdd added capabilities
 * @param privileged whether it runs privileged
 * @param networkMode the network mode, if special
 * @param pid the PID namespace mode, if set
 * @param ipc the IPC namespace mode, if set
 * @param ports published ports (host IP as bound)
 * @param mounts mounts; {@link Mount.VolumeMount} with an empty source is an anonymous volume
 * @param hasHealthCheck whether a (non-disabled) health check exists
 * @param restart the restart mode ({@code no}, {@code always}, ...), if set
 * @param restartMaxRetries for on-failure, the retry limit
 * @param hasMemoryLimit whether memory is limited
 * @param hasCpuLimit whether CPU is limited
 * @param hasPidsLimit whether the number of processes is limited
 * @param hasUlimits whether ulimits are set
 * @param logDriver the log driver, if set
 * @param logOptions the log driver's options
 * @param literalEnvironment environment variables with literal values (values of host variables and secret files excluded)
 * @param healthyDependenciesWithoutCheck services this one waits on as healthy that have no health check
 * @param accepted rule ids the service accepts, with the reason
 * @param state audit only: the container's state ({@code running}, {@code exited}, ...)
 * @param health audit only: the container's health ({@code healthy}, {@code unhealthy}, {@code starting})
 * @param restartCount audit only: how often the engine restarted the container
 * @param usernsMode the user namespace mode, if set
 * @param uts the UTS namespace mode, if set
 * @param devices host devices mapped in
 * @param unpinnedNodeLocalVolumes writable named volumes with the local driver, of a service with Swarm settings whose placement
 *     does not keep its tasks on the nodes that hold them (empty for what runs: an audit reads one engine)
 */
public record ServiceView(
    String service,
    String image,
    Optional<String> user,
    boolean readOnlyRootFilesystem,
    List<String> securityOpt,
    Set<String> capDrop,
    Set<String> capAdd,
    boolean privileged,
    Optional<String> networkMode,
    Optional<String> pid,
    Optional<String> ipc,
    List<PortMapping> ports,
    List<Mount> mounts,
    boolean hasHealthCheck,
    Optional<String> restart,
    Optional<Integer> restartMaxRetries,
    boolean hasMemoryLimit,
    boolean hasCpuLimit,
    boolean hasPidsLimit,
    boolean hasUlimits,
    Optional<String> logDriver,
    Map<String, String> logOptions,
    Map<String, String> literalEnvironment,
    List<String> healthyDependenciesWithoutCheck,
    Map<String, String> accepted,
    Optional<String> state,
    Optional<String> health,
    int restartCount,
    Optional<String> usernsMode,
    Optional<String> uts,
    List<String> devices,
    List<String> unpinnedNodeLocalVolumes) {

  public ServiceView {
    checkNotNull(service, "service");
    checkNotNull(image, "image");
    securityOpt = ImmutableList.copyOf(securityOpt);
    capDrop = ImmutableSet.copyOf(capDrop);
    capAdd = ImmutableSet.copyOf(capAdd);
    ports = ImmutableList.copyOf(ports);
    mounts = ImmutableList.copyOf(mounts);
    logOptions = ImmutableMap.copyOf(logOptions);
    literalEnvironment = ImmutableMap.copyOf(literalEnvironment);
    healthyDependenciesWithoutCheck = ImmutableList.copyOf(healthyDependenciesWithoutCheck);
    accepted = ImmutableMap.copyOf(accepted);
    checkNotNull(state, "state");
    checkNotNull(health, "health");
    checkNotNull(usernsMode, "usernsMode");
    checkNotNull(uts, "uts");
    devices = ImmutableList.copyOf(devices);
    unpinnedNodeLocalVolumes = ImmutableList.copyOf(unpinnedNodeLocalVolumes);
  }

  /** The view of a defined service; {@code others} are the stack's services, for dependency rules. */
  public static ServiceView of(Service s, Map<String, Service> others) {
    return of(s, others, Map.of());
  }

  /**
   * The view of a defined service; {@code others} are the stack's services, for dependency rules,
   * and {@code volumes} its volumes, for the rule on node-local volumes of Swarm services.
   */
  public static ServiceView of(Service s, Map<String, Service> others, Map<String, dev.sentinel.dsl.Volume> volumes) {
    var sec = s.security();
    var r = s.resources();
    List<String> opts = new java.util.ArrayList<>();
    if (sec.noNewPrivileges()) {
      opts.add("no-new-privileges:true");
    }
    opts.addAll(sec.securityOpt());
    Map<String, String> literal = new java.util.LinkedHashMap<>();
    s.environment().forEach((k, v) -> {
      if (v instanceof dev.sentinel.dsl.EnvValue.Literal l) {
        literal.put(k, l.value());
      }
    });
    List<String> unchecked = s.dependsOn().values().stream()
        .filter(d -> d.condition() == dev.sentinel.dsl.Dependency.Condition.HEALTHY)
        .filter(d -> others.containsKey(d.service()) && !others.get(d.service()).hasHealthCheck())
        .map(d -> d.service()).toList();
    return new ServiceView(s.name(), s.image().map(Object::toString).orElse("(built) " + s.name()),
        sec.user().map(u -> u.spec()), sec.readOnlyRootFilesystem(), opts, sec.capDrop(), sec.capAdd(), sec.privileged(),
        s.networkMode(), sec.pid(), sec.ipc(), s.ports(), s.mounts(), s.hasHealthCheck(),
        s.effectiveRestart().map(p -> p.mode().value()), s.effectiveRestart().flatMap(p -> p.maxRetries()),
        r.memoryLimit().isPresent(), r.cpuLimit().isPresent(), r.pidsLimit().isPresent(), !s.kernel().ulimits().isEmpty(),
        s.logging().map(l -> l.driver()), s.logging().map(l -> l.options()).orElse(Map.of()), literal, unchecked, s.accepted(), Optional.empty(), Optional.empty(), 0,
        sec.usernsMode(), sec.uts(), sec.devices(), unpinnedNodeLocalVolumes(s, volumes));
  }

  /** Named node-local volumes of a service meant for a Swarm whose placement does not keep it where their data is. */
  private static List<String> unpinnedNodeLocalVolumes(Service s, Map<String, dev.sentinel.dsl.Volume> volumes) {
    if (!s.deploy().hasSwarmSettings() || s.deploy().pinsToNodes()) {
      return List.of();
    }
    return s.mounts().stream().filter(m -> m instanceof dev.sentinel.dsl.Mount.VolumeMount v && !v.isAnonymous() && !v.readOnly())
        .map(m -> ((dev.sentinel.dsl.Mount.VolumeMount) m).source())
        .filter(v -> volumes.containsKey(v) && volumes.get(v).isNodeLocal()).distinct().toList();
  }
}
