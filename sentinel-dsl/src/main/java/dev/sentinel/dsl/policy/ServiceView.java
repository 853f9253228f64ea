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

  /**
   * A builder of a view, every field empty, false or zero until set; for audits that read a
   * container and for tests that change one field of a view.
   *
   * <pre>{@code
   * ServiceView view = ServiceView.builder("api", "shop/api:1.4").user(Optional.of("10001")).privileged(true).build();
   * }</pre>
   */
  public static Builder builder(String service, String image) {
    return new Builder().service(service).image(image);
  }

  /** A builder holding this view's fields, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.service = service;
    b.image = image;
    b.user = user;
    b.readOnlyRootFilesystem = readOnlyRootFilesystem;
    b.securityOpt = securityOpt;
    b.capDrop = capDrop;
    b.capAdd = capAdd;
    b.privileged = privileged;
    b.networkMode = networkMode;
    b.pid = pid;
    b.ipc = ipc;
    b.ports = ports;
    b.mounts = mounts;
    b.hasHealthCheck = hasHealthCheck;
    b.restart = restart;
    b.restartMaxRetries = restartMaxRetries;
    b.hasMemoryLimit = hasMemoryLimit;
    b.hasCpuLimit = hasCpuLimit;
    b.hasPidsLimit = hasPidsLimit;
    b.hasUlimits = hasUlimits;
    b.logDriver = logDriver;
    b.logOptions = logOptions;
    b.literalEnvironment = literalEnvironment;
    b.healthyDependenciesWithoutCheck = healthyDependenciesWithoutCheck;
    b.accepted = accepted;
    b.state = state;
    b.health = health;
    b.restartCount = restartCount;
    b.usernsMode = usernsMode;
    b.uts = uts;
    b.devices = devices;
    b.unpinnedNodeLocalVolumes = unpinnedNodeLocalVolumes;
    return b;
  }

  /** Builds a {@link ServiceView} by field name; see {@link #builder}. */
  public static final class Builder {
    private String service;
    private String image;
    private Optional<String> user = Optional.empty();
    private boolean readOnlyRootFilesystem = false;
    private List<String> securityOpt = List.of();
    private Set<String> capDrop = Set.of();
    private Set<String> capAdd = Set.of();
    private boolean privileged = false;
    private Optional<String> networkMode = Optional.empty();
    private Optional<String> pid = Optional.empty();
    private Optional<String> ipc = Optional.empty();
    private List<PortMapping> ports = List.of();
    private List<Mount> mounts = List.of();
    private boolean hasHealthCheck = false;
    private Optional<String> restart = Optional.empty();
    private Optional<Integer> restartMaxRetries = Optional.empty();
    private boolean hasMemoryLimit = false;
    private boolean hasCpuLimit = false;
    private boolean hasPidsLimit = false;
    private boolean hasUlimits = false;
    private Optional<String> logDriver = Optional.empty();
    private Map<String, String> logOptions = Map.of();
    private Map<String, String> literalEnvironment = Map.of();
    private List<String> healthyDependenciesWithoutCheck = List.of();
    private Map<String, String> accepted = Map.of();
    private Optional<String> state = Optional.empty();
    private Optional<String> health = Optional.empty();
    private int restartCount = 0;
    private Optional<String> usernsMode = Optional.empty();
    private Optional<String> uts = Optional.empty();
    private List<String> devices = List.of();
    private List<String> unpinnedNodeLocalVolumes = List.of();

    private Builder() {}

    public Builder service(String service) {
      this.service = checkNotNull(service, "service");
      return this;
    }

    public Builder image(String image) {
      this.image = checkNotNull(image, "image");
      return this;
    }

    public Builder user(Optional<String> user) {
      this.user = checkNotNull(user, "user");
      return this;
    }

    public Builder readOnlyRootFilesystem(boolean readOnlyRootFilesystem) {
      this.readOnlyRootFilesystem = readOnlyRootFilesystem;
      return this;
    }

    public Builder securityOpt(List<String> securityOpt) {
      this.securityOpt = checkNotNull(securityOpt, "securityOpt");
      return this;
    }

    public Builder capDrop(Set<String> capDrop) {
      this.capDrop = checkNotNull(capDrop, "capDrop");
      return this;
    }

    public Builder capAdd(Set<String> capAdd) {
      this.capAdd = checkNotNull(capAdd, "capAdd");
      return this;
    }

    public Builder privileged(boolean privileged) {
      this.privileged = privileged;
      return this;
    }

    public Builder networkMode(Optional<String> networkMode) {
      this.networkMode = checkNotNull(networkMode, "networkMode");
      return this;
    }

    public Builder pid(Optional<String> pid) {
      this.pid = checkNotNull(pid, "pid");
      return this;
    }

    public Builder ipc(Optional<String> ipc) {
      this.ipc = checkNotNull(ipc, "ipc");
      return this;
    }

    public Builder ports(List<PortMapping> ports) {
      this.ports = checkNotNull(ports, "ports");
      return this;
    }

    public Builder mounts(List<Mount> mounts) {
      this.mounts = checkNotNull(mounts, "mounts");
      return this;
    }

    public Builder hasHealthCheck(boolean hasHealthCheck) {
      this.hasHealthCheck = hasHealthCheck;
      return this;
    }

    public Builder restart(Optional<String> restart) {
      this.restart = checkNotNull(restart, "restart");
      return this;
    }

    public Builder restartMaxRetries(Optional<Integer> restartMaxRetries) {
      this.restartMaxRetries = checkNotNull(restartMaxRetries, "restartMaxRetries");
      return this;
    }

    public Builder hasMemoryLimit(boolean hasMemoryLimit) {
      this.hasMemoryLimit = hasMemoryLimit;
      return this;
    }

    public Builder hasCpuLimit(boolean hasCpuLimit) {
      this.hasCpuLimit = hasCpuLimit;
      return this;
    }

    public Builder hasPidsLimit(boolean hasPidsLimit) {
      this.hasPidsLimit = hasPidsLimit;
      return this;
    }

    public Builder hasUlimits(boolean hasUlimits) {
      this.hasUlimits = hasUlimits;
      return this;
    }

    public Builder logDriver(Optional<String> logDriver) {
      this.logDriver = checkNotNull(logDriver, "logDriver");
      return this;
    }

    public Builder logOptions(Map<String, String> logOptions) {
      this.logOptions = checkNotNull(logOptions, "logOptions");
      return this;
    }

    public Builder literalEnvironment(Map<String, String> literalEnvironment) {
      this.literalEnvironment = checkNotNull(literalEnvironment, "literalEnvironment");
      return this;
    }

    public Builder healthyDependenciesWithoutCheck(List<String> healthyDependenciesWithoutCheck) {
      this.healthyDependenciesWithoutCheck = checkNotNull(healthyDependenciesWithoutCheck, "healthyDependenciesWithoutCheck");
      return this;
    }

    public Builder accepted(Map<String, String> accepted) {
      this.accepted = checkNotNull(accepted, "accepted");
      return this;
    }

    public Builder state(Optional<String> state) {
      this.state = checkNotNull(state, "state");
      return this;
    }

    public Builder health(Optional<String> health) {
      this.health = checkNotNull(health, "health");
      return this;
    }

    public Builder restartCount(int restartCount) {
      this.restartCount = restartCount;
      return this;
    }

    public Builder usernsMode(Optional<String> usernsMode) {
      this.usernsMode = checkNotNull(usernsMode, "usernsMode");
      return this;
    }

    public Builder uts(Optional<String> uts) {
      this.uts = checkNotNull(uts, "uts");
      return this;
    }

    public Builder devices(List<String> devices) {
      this.devices = checkNotNull(devices, "devices");
      return this;
    }

    public Builder unpinnedNodeLocalVolumes(List<String> unpinnedNodeLocalVolumes) {
      this.unpinnedNodeLocalVolumes = checkNotNull(unpinnedNodeLocalVolumes, "unpinnedNodeLocalVolumes");
      return this;
    }

    public ServiceView build() {
      return new ServiceView(service, image, user, readOnlyRootFilesystem, securityOpt, capDrop, capAdd, privileged, networkMode, pid, ipc, ports, mounts, hasHealthCheck, restart, restartMaxRetries, hasMemoryLimit, hasCpuLimit, hasPidsLimit, hasUlimits, logDriver, logOptions, literalEnvironment, healthyDependenciesWithoutCheck, accepted, state, health, restartCount, usernsMode, uts, devices, unpinnedNodeLocalVolumes);
    }
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
    s.environment().variables().forEach((k, v) -> {
      if (v instanceof dev.sentinel.dsl.EnvValue.Literal l) {
        literal.put(k, l.value());
      }
    });
    List<String> unchecked = s.lifecycle().dependsOn().values().stream()
        .filter(d -> d.condition() == dev.sentinel.dsl.Dependency.Condition.HEALTHY)
        .filter(d -> others.containsKey(d.service()) && !others.get(d.service()).lifecycle().hasHealthCheck())
        .map(d -> d.service()).toList();
    return builder(s.name(), s.imageSource().image().map(Object::toString).orElse("(built) " + s.name()))
        .user(sec.user().map(u -> u.spec())).readOnlyRootFilesystem(sec.readOnlyRootFilesystem()).securityOpt(opts)
        .capDrop(sec.capDrop()).capAdd(sec.capAdd()).privileged(sec.privileged())
        .networkMode(s.networking().networkMode()).pid(sec.pid()).ipc(sec.ipc()).usernsMode(sec.usernsMode()).uts(sec.uts()).devices(sec.devices())
        .ports(s.networking().ports()).mounts(s.storage().mounts()).hasHealthCheck(s.lifecycle().hasHealthCheck())
        .restart(s.effectiveRestart().map(p -> p.mode().value())).restartMaxRetries(s.effectiveRestart().flatMap(p -> p.maxRetries()))
        .hasMemoryLimit(r.memoryLimit().isPresent()).hasCpuLimit(r.cpuLimit().isPresent()).hasPidsLimit(r.pidsLimit().isPresent())
        .hasUlimits(!s.kernel().ulimits().isEmpty())
        .logDriver(s.logging().map(l -> l.driver())).logOptions(s.logging().map(l -> l.options()).orElse(Map.of()))
        .literalEnvironment(literal).healthyDependenciesWithoutCheck(unchecked).accepted(s.accepted())
        .unpinnedNodeLocalVolumes(unpinnedNodeLocalVolumes(s, volumes))
        .build();
  }

  /** Named node-local volumes of a service meant for a Swarm whose placement does not keep it where their data is. */
  private static List<String> unpinnedNodeLocalVolumes(Service s, Map<String, dev.sentinel.dsl.Volume> volumes) {
    if (!s.deploy().hasSwarmSettings() || s.deploy().pinsToNodes()) {
      return List.of();
    }
    return s.storage().mounts().stream().filter(m -> m instanceof dev.sentinel.dsl.Mount.VolumeMount v && !v.isAnonymous() && !v.readOnly())
        .map(m -> ((dev.sentinel.dsl.Mount.VolumeMount) m).source())
        .filter(v -> volumes.containsKey(v) && volumes.get(v).isNodeLocal()).distinct().toList();
  }
}
