package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Configures a {@link Service}. Methods named after a collection element add or replace one
 * element, keyed as Compose keys it (environment and labels by name, ports by host IP, host port,
 * container port and protocol, mounts by target, networks and dependencies by name); {@code remove...} methods take an
 * inherited element away in an environment overlay. Values given as strings are parsed, and a bad
 * one is reported with the others when the stack is built.
 *
 * <pre>{@code
 * svc.image("shop/api:1.4").user(10001, 10001).hardened()
 *    .env("LOG_LEVEL", "info").envSecretFile("DB_PASSWORD_FILE", "db-password")
 *    .network("backend").port("8080:8080").mountVolume("api-cache", "/var/cache/api")
 *    .dependsOn("db", Dependency.Condition.HEALTHY)
 *    .memoryLimit("512m").cpuLimit("1").restart(RestartPolicy.unlessStopped());
 * }</pre>
 */
public final class ServiceBuilder {
  /** The pids limit {@link #hardened()} sets when none is set. */
  public static final long HARDENED_PIDS_LIMIT = 256;
  private static final java.util.regex.Pattern PLATFORM = java.util.regex.Pattern.compile("[a-z0-9]+(/[a-z0-9_]+(/[a-z0-9]+)?)?");
  private static final java.util.regex.Pattern MAC = java.util.regex.Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
  private static final java.util.regex.Pattern DEVICE_CGROUP_RULE = java.util.regex.Pattern.compile("[abc] (\\d+|\\*):(\\d+|\\*) [rwm]{1,3}");
  private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[a-zA-Z0-9][a-zA-Z0-9_.-]*)?");
  private static final java.util.regex.Pattern EXPOSED_PORT = java.util.regex.Pattern.compile("\\d{1,5}(-\\d{1,5})?(/(tcp|udp|sctp))?");

  private final String name;
  private final String path;
  private final Problems problems;
  private final ServiceState s;

  ServiceBuilder(String name, Optional<Service> from, Problems problems) {
    this.name = name;
    this.path = "services." + name;
    this.problems = problems;
    this.s = new ServiceState(from);
  }

  // --- what runs ---

  /** The image to run, e.g. {@code redis:7.2} (with a build: the tag the built image gets). */
  public ServiceBuilder image(String reference) {
    problems.parse(path + ".image", reference, ImageRef::parse).ifPresent(i -> s.imageSource.image = Optional.of(i));
    return this;
  }

  public ServiceBuilder image(ImageRef reference) {
    s.imageSource.image = Optional.of(checkNotNull(reference, "reference"));
    return this;
  }

  /** Builds the image from a Dockerfile. */
  public ServiceBuilder build(Consumer<BuildBuilder> configure) {
    BuildBuilder builder = new BuildBuilder(s.imageSource.build);
    configure.accept(builder);
    s.imageSource.build = Optional.of(builder.build());
    return this;
  }

  /** Replaces the image's command. */
  public ServiceBuilder command(String... command) {
    s.execution.command = List.of(command);
    return this;
  }

  /** Replaces the image's entrypoint. */
  public ServiceBuilder entrypoint(String... entrypoint) {
    s.execution.entrypoint = List.of(entrypoint);
    return this;
  }

  public ServiceBuilder workingDir(String directory) {
    s.execution.workingDir = Optional.of(checkNotNull(directory, "directory"));
    return this;
  }

  /** Gives the process a pseudo-terminal (Compose's {@code tty: true}). */
  public ServiceBuilder tty() {
    return tty(true);
  }

  /** Whether the process gets a pseudo-terminal; {@code false} takes an inherited one away in an overlay. */
  public ServiceBuilder tty(boolean enabled) {
    s.execution.tty = enabled;
    return this;
  }

  /**
   * Runs the image built for this platform, {@code os[/architecture[/variant]]} (Compose's {@code
   * platform}), e.g. {@code linux/amd64}; the engine refuses it when it cannot run that platform.
   */
  public ServiceBuilder platform(String platform) {
    checkArgument(PLATFORM.matcher(checkNotNull(platform, "platform")).matches(),
        "platform \"%s\" is not os[/architecture[/variant]], e.g. linux/amd64 or linux/arm64/v8", platform);
    s.execution.platform = Optional.of(platform);
    return this;
  }

  /** Keeps the process's standard input open with nothing attached (Compose's {@code stdin_open: true}). */
  public ServiceBuilder stdinOpen() {
    return stdinOpen(true);
  }

  /** Whether standard input stays open; {@code false} closes an inherited one in an overlay. */
  public ServiceBuilder stdinOpen(boolean open) {
    s.execution.stdinOpen = open;
    return this;
  }

  // --- environment and labels ---

  /** A container environment variable with a fixed value. Never put a secret here: see {@link #envSecretFile}. */
  public ServiceBuilder env(String variable, String value) {
    s.environment.variables.put(checkNotNull(variable, "variable"), new EnvValue.Literal(checkNotNull(value, "value")));
    return this;
  }

  /** Several fixed environment variables, added in name order (so {@code Map.of} exports stably). */
  public ServiceBuilder env(Map<String, String> variables) {
    new TreeMap<>(variables).forEach(this::env);
    return this;
  }

  /** A variable read from the deploying host's environment (or {@code .env}), required to be set. */
  public ServiceBuilder envFromHost(String variable, String hostVariable) {
    s.environment.variables.put(checkNotNull(variable, "variable"), new EnvValue.FromHost(hostVariable, Optional.empty(), true));
    return this;
  }

  /** A variable read from the deploying host's environment, with a default when it is unset. */
  public ServiceBuilder envFromHost(String variable, String hostVariable, String defaultValue) {
    s.environment.variables.put(
        checkNotNull(variable, "variable"),
        new EnvValue.FromHost(hostVariable, Optional.of(checkNotNull(defaultValue, "defaultValue")), false));
    return this;
  }

  /**
   * A variable passed through from the deploying host's environment when it is set there, and left
   * out otherwise (Compose's {@code - VARIABLE} without a value, or {@code ${VARIABLE}}).
   */
  public ServiceBuilder envFromHostIfSet(String variable, String hostVariable) {
    s.environment.variables.put(checkNotNull(variable, "variable"), new EnvValue.FromHost(checkNotNull(hostVariable, "hostVariable"), Optional.empty(), false));
    return this;
  }

  /**
   * Mounts {@code secret} (if not mounted yet) and sets {@code variable} to its path, e.g. {@code
   * REDIS_PASSWORD_FILE=/run/secrets/redis-password}: the {@code *_FILE} convention many images read.
   */
  public ServiceBuilder envSecretFile(String variable, String secret) {
    if (s.storage.secrets.stream().noneMatch(m -> m.source().equals(secret))) {
      secret(secret);
    }
    s.environment.variables.put(checkNotNull(variable, "variable"), new EnvValue.SecretFile(secret));
    return this;
  }

  public ServiceBuilder removeEnv(String variable) {
    s.environment.variables.remove(variable);
    return this;
  }

  public ServiceBuilder label(String key, String value) {
    s.labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  public ServiceBuilder removeLabel(String key) {
    s.labels.remove(key);
    return this;
  }

  // --- networking ---

  /** Joins a network of the stack, with optional extra DNS aliases. */
  public ServiceBuilder network(String network, String... aliases) {
    s.networking.networks.put(checkNotNull(network, "network"), ServiceNetwork.of(network, List.of(aliases)));
    return this;
  }

  /**
   * Joins a network with fixed addresses, link-local addresses or a priority; in an overlay, starts
   * from the base service's membership of that network.
   *
   * <pre>{@code svc.network("front", n -> n.alias("api").ipv4Address("172.28.0.10"))}</pre>
   */
  public ServiceBuilder network(String network, Consumer<ServiceNetwork.Builder> configurer) {
    ServiceNetwork.Builder b = new ServiceNetwork.Builder(checkNotNull(network, "network"), Optional.ofNullable(s.networking.networks.get(network)));
    checkNotNull(configurer, "configurer").accept(b);
    s.networking.networks.put(network, b.build());
    return this;
  }


  public ServiceBuilder removeNetwork(String network) {
    s.networking.networks.remove(network);
    return this;
  }

  /** A special network mode: {@code host}, {@code none} or {@code service:<name>}. */
  public ServiceBuilder networkMode(String mode) {
    s.networking.networkMode = Optional.of(checkNotNull(mode, "mode"));
    return this;
  }

  /** Publishes a port, Compose short syntax: {@code 8080:80}, {@code 127.0.0.1:8080:80/tcp}, {@code 9090}. */
  public ServiceBuilder port(String mapping) {
    problems.parse(path + ".ports", mapping, PortMapping::parse).ifPresent(this::port);
    return this;
  }

  /** Publishes {@code containerPort} on {@code 127.0.0.1:hostPort}. */
  public ServiceBuilder port(int hostPort, int containerPort) {
    problems.check(path + ".ports", () -> port(PortMapping.of(hostPort, containerPort)));
    return this;
  }

  /**
   * Publishes a port, replacing a mapping with the same host IP, host port, container port and
   * protocol (Compose's unique key for ports); the same container port may be published on several
   * host addresses, e.g. IPv4 and IPv6. To move a port, {@link #removePort} it first.
   */
  public ServiceBuilder port(PortMapping mapping) {
    for (int i = 0; i < s.networking.ports.size(); i++) {
      if (s.networking.ports.get(i).sameKeyAs(mapping)) {
        s.networking.ports.set(i, mapping); // in place, as Compose keeps the base file's order
        return this;
      }
    }
    s.networking.ports.add(mapping);
    return this;
  }

  /** Stops publishing this one mapping (same host IP, host port, container port and protocol). */
  public ServiceBuilder removePort(PortMapping mapping) {
    s.networking.ports.removeIf(p -> p.sameKeyAs(mapping));
    return this;
  }

  /** Stops publishing {@code containerPort} (every protocol). */
  public ServiceBuilder removePort(int containerPort) {
    s.networking.ports.removeIf(p -> p.target() == containerPort);
    return this;
  }

  public ServiceBuilder hostname(String hostname) {
    s.naming.hostname = Optional.of(checkNotNull(hostname, "hostname"));
    return this;
  }

  /** Adds {@code hostname} with {@code address} to the containers' {@code /etc/hosts} (Compose's {@code extra_hosts}). */
  public ServiceBuilder extraHost(String hostname, String address) {
    s.naming.extraHosts.put(checkNotNull(hostname, "hostname"), checkNotNull(address, "address"));
    return this;
  }

  /** DNS servers for the containers, replacing the engine's. */
  public ServiceBuilder dns(String... servers) {
    s.naming.dns.clear();
    s.naming.dns.addAll(List.of(servers));
    return this;
  }

  /** An option of the storage driver for the writable layer (Compose's {@code storage_opt}), e.g. {@code storageOption("size", "1G")}. */
  public ServiceBuilder storageOption(String key, String value) {
    s.kernel.storageOptions.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** The real-time scheduler period in microseconds (Compose's {@code cpu_rt_period}). */
  public ServiceBuilder cpuRtPeriod(long microseconds) {
    checkArgument(microseconds > 0, "cpu_rt_period must be positive microseconds, got %s", microseconds);
    s.kernel.cpuRtPeriod = Optional.of(microseconds);
    return this;
  }

  /** Microseconds of real-time CPU time per period (Compose's {@code cpu_rt_runtime}); the engine must run with a real-time budget. */
  public ServiceBuilder cpuRtRuntime(long microseconds) {
    checkArgument(microseconds >= 0, "cpu_rt_runtime cannot be negative, got %s", microseconds);
    s.kernel.cpuRtRuntime = Optional.of(microseconds);
    return this;
  }

  /**
   * Block I/O weight and throttling (Compose's {@code blkio_config}), added to what is set already.
   *
   * <pre>{@code svc.blkio(b -> b.weight(300).deviceWriteBps("/dev/sda", "20mb"))}</pre>
   */
  public ServiceBuilder blkio(Consumer<Blkio.Builder> configurer) {
    Blkio.Builder b = new Blkio.Builder(s.kernel.blkio);
    checkNotNull(configurer, "configurer").accept(b);
    s.kernel.blkio = b.build();
    return this;
  }

  /** Adds the process to further groups, by name or number (Compose's {@code group_add}), e.g. {@code audio} or {@code 985}. */
  public ServiceBuilder groupAdd(String... groups) {
    for (String g : groups) {
      if (!s.security.groupAdd.contains(checkNotNull(g, "group"))) {
        s.security.groupAdd.add(g);
      }
    }
    return this;
  }

  /** Asks the engine for GPUs (Compose's {@code gpus}), e.g. {@code gpu(GpuRequest.all())}; needs a device driver on the host. */
  public ServiceBuilder gpu(GpuRequest request) {
    s.security.gpus.add(checkNotNull(request, "request"));
    return this;
  }

  /**
   * A device access rule of the containers' cgroup (Compose's {@code device_cgroup_rules}):
   * {@code type major:minor access}, e.g. {@code c 189:* rmw} for USB devices plugged in later.
   */
  public ServiceBuilder deviceCgroupRule(String rule) {
    checkArgument(DEVICE_CGROUP_RULE.matcher(checkNotNull(rule, "rule")).matches(),
        "device cgroup rule \"%s\" is not TYPE MAJOR:MINOR ACCESS, e.g. \"c 189:* rmw\" (type a, b or c; access of r, w, m)", rule);
    s.security.deviceCgroupRules.add(rule);
    return this;
  }

  /**
   * Compose's legacy {@code links}: {@code link("db")} or {@code link("db:database")}. The alias
   * becomes a DNS name of {@code db} on the networks both services share, and this service starts
   * after it. Prefer a network alias on the other service ({@link #network(String, String...)}).
   */
  public ServiceBuilder link(String link) {
    checkArgument(LINK.matcher(checkNotNull(link, "link")).matches(), "link \"%s\" is not SERVICE or SERVICE:ALIAS", link);
    if (!s.naming.links.contains(link)) {
      s.naming.links.add(link);
    }
    return this;
  }

  /**
   * Compose's {@code external_links}: a container that is not this stack's, {@code
   * externalLink("legacy-db")} or {@code externalLink("legacy-db:db")}, reached under the alias (else
   * its own name) through the engine's link on the networks both share. The container must exist,
   * on one of this service's networks, when the service's containers are created. Single engine
   * only: a Swarm task has no links.
   */
  public ServiceBuilder externalLink(String link) {
    checkArgument(LINK.matcher(checkNotNull(link, "link")).matches(), "external link \"%s\" is not CONTAINER or CONTAINER:ALIAS", link);
    if (!s.networking.externalLinks.contains(link)) {
      s.networking.externalLinks.add(link);
    }
    return this;
  }

  /**
   * A fixed MAC address for the container's network interface (Compose's {@code mac_address}), e.g.
   * for software licensed to one address. Single engine and one replica only: two containers with
   * one address would clash.
   */
  public ServiceBuilder macAddress(String macAddress) {
    checkArgument(MAC.matcher(checkNotNull(macAddress, "macAddress")).matches(),
        "MAC address \"%s\" is not six hexadecimal pairs separated by colons, e.g. 02:42:ac:11:00:02", macAddress);
    s.naming.macAddress = Optional.of(macAddress.toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  /** The containers' domain name (Compose's {@code domainname}). */
  public ServiceBuilder domainname(String domainname) {
    s.naming.domainname = Optional.of(checkNotNull(domainname, "domainname"));
    return this;
  }

  /** DNS search domains, replacing the engine's (Compose's {@code dns_search}). */
  public ServiceBuilder dnsSearch(String... domains) {
    s.naming.dnsSearch.clear();
    s.naming.dnsSearch.addAll(List.of(domains));
    return this;
  }

  /** Resolver options, e.g. {@code ndots:2} or {@code timeout:1} (Compose's {@code dns_opt}). */
  public ServiceBuilder dnsOptions(String... options) {
    s.naming.dnsOptions.clear();
    s.naming.dnsOptions.addAll(List.of(options));
    return this;
  }

  /**
   * Container ports other services reach without publishing, e.g. {@code "3000"} or {@code
   * "8000-8001/udp"}: Compose's {@code expose}, documentation on user-defined networks.
   */
  public ServiceBuilder expose(String... ports) {
    for (String port : ports) {
      if (!EXPOSED_PORT.matcher(checkNotNull(port, "port")).matches()) {
        problems.add(path + ".expose", "\"" + port + "\" is not a port or port range (e.g. 3000, 8000-8001/udp)");
      } else if (!s.networking.expose.contains(port)) {
        s.networking.expose.add(port);
      }
    }
    return this;
  }

  /** A namespaced kernel parameter, e.g. {@code sysctl("net.core.somaxconn", "1024")}. */
  public ServiceBuilder sysctl(String key, String value) {
    s.kernel.sysctls.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  // --- storage ---

  /** Mounts a named volume of the stack, writable. */
  public ServiceBuilder mountVolume(String volume, String target) {
    return mount(new Mount.VolumeMount(volume, target, false));
  }

  public ServiceBuilder mountVolumeReadOnly(String volume, String target) {
    return mount(new Mount.VolumeMount(volume, target, true));
  }

  /**
   * An anonymous volume at {@code target} (Compose's {@code volumes: [/app/node_modules]}): the
   * engine creates one per container and removes it with the container, so nothing in it survives a
   * recreation. Typical for keeping a directory out of a bind mount; for data, use {@link #mountVolume}.
   */
  public ServiceBuilder mountAnonymousVolume(String target) {
    return mount(Mount.VolumeMount.anonymous(target, false));
  }

  /** Mounts a host path, writable. Ties the stack to one host: prefer named volumes. */
  public ServiceBuilder mountBind(String hostPath, String target) {
    return mount(new Mount.BindMount(hostPath, target, false));
  }

  public ServiceBuilder mountBindReadOnly(String hostPath, String target) {
    return mount(new Mount.BindMount(hostPath, target, true));
  }

  /** Mounts an in-memory filesystem. */
  public ServiceBuilder mountTmpfs(String target) {
    return mount(new Mount.TmpfsMount(target, Optional.empty(), Optional.empty()));
  }

  /** Mounts an in-memory filesystem of at most {@code size}, e.g. {@code "64m"}. */
  public ServiceBuilder mountTmpfs(String target, String size) {
    problems.parse(path + ".tmpfs." + target, size, Size::parse)
        .ifPresent(sz -> mount(new Mount.TmpfsMount(target, Optional.of(sz), Optional.empty())));
    return this;
  }

  /** Mounts something, replacing any mount at the same target. */
  public ServiceBuilder mount(Mount mount) {
    s.storage.mounts.removeIf(m -> m.target().equals(mount.target()));
    s.storage.mounts.add(mount);
    return this;
  }

  public ServiceBuilder removeMount(String target) {
    s.storage.mounts.removeIf(m -> m.target().equals(target));
    return this;
  }

  /** Mounts a secret of the stack at {@code /run/secrets/<secret>}. */
  public ServiceBuilder secret(String secret) {
    return secret(new FileMount(secret, FileMount.defaultSecretTarget(secret), Optional.empty(), Optional.empty(), Optional.empty()));
  }

  /** Mounts a secret of the stack at {@code target}. */
  public ServiceBuilder secret(String secret, String target) {
    return secret(new FileMount(secret, target, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  public ServiceBuilder secret(FileMount mount) {
    s.storage.secrets.removeIf(m -> m.target().equals(mount.target()));
    s.storage.secrets.add(mount);
    return this;
  }

  public ServiceBuilder removeSecret(String secret) {
    s.storage.secrets.removeIf(m -> m.source().equals(secret));
    s.environment.variables.values().removeIf(v -> v instanceof EnvValue.SecretFile f && f.secret().equals(secret));
    return this;
  }

  /** Mounts a config of the stack at {@code target}. */
  public ServiceBuilder config(String config, String target) {
    return config(new FileMount(config, target, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  public ServiceBuilder config(FileMount mount) {
    s.storage.configs.removeIf(m -> m.target().equals(mount.target()));
    s.storage.configs.add(mount);
    return this;
  }

  public ServiceBuilder removeConfig(String config) {
    s.storage.configs.removeIf(m -> m.source().equals(config));
    return this;
  }

  // --- lifecycle ---

  /** The health check; in an overlay it starts from the inherited one. */
  public ServiceBuilder healthCheck(Consumer<HealthCheckBuilder> configure) {
    HealthCheckBuilder builder = new HealthCheckBuilder(s.lifecycle.healthCheck, problems, path + ".healthcheck");
    configure.accept(builder);
    builder.build().ifPresent(h -> s.lifecycle.healthCheck = Optional.of(h));
    return this;
  }

  /** Drops the definition's health check; the image's own, if any, applies again. */
  public ServiceBuilder removeHealthCheck() {
    s.lifecycle.healthCheck = Optional.empty();
    return this;
  }

  /**
   * One more condition for the service to count as ready, checked after its health check for every
   * replica, e.g. {@code readiness(Readiness.http(8080, "/health").status(200))}; see {@link Readiness}.
   * In an overlay it adds to the inherited ones.
   */
  public ServiceBuilder readiness(Readiness condition) {
    s.lifecycle.readiness.add(checkNotNull(condition, "condition"));
    return this;
  }

  /** Drops every readiness condition, inherited ones included. */
  public ServiceBuilder removeReadiness() {
    s.lifecycle.readiness.clear();
    return this;
  }

  /** Starts after {@code service} has started. */
  public ServiceBuilder dependsOn(String service) {
    return dependsOn(service, Dependency.Condition.STARTED);
  }

  public ServiceBuilder dependsOn(String service, Dependency.Condition condition) {
    s.lifecycle.dependsOn.put(checkNotNull(service, "service"), new Dependency(service, condition, false));
    return this;
  }

  /** Starts after {@code service} is healthy, and restarts when {@code service} is recreated. */
  public ServiceBuilder dependsOn(String service, Dependency.Condition condition, boolean restartWithIt) {
    s.lifecycle.dependsOn.put(checkNotNull(service, "service"), new Dependency(service, condition, restartWithIt));
    return this;
  }

  /**
   * Starts after {@code service} reaches {@code condition} if it can: when it fails (or a profile
   * leaves it out), the failure is reported and this service starts anyway (Compose's {@code
   * required: false}).
   */
  public ServiceBuilder dependsOnIfAvailable(String service, Dependency.Condition condition) {
    return dependsOnIfAvailable(service, condition, false);
  }

  /** As {@link #dependsOnIfAvailable(String, Dependency.Condition)}, restarting when {@code service} is recreated. */
  public ServiceBuilder dependsOnIfAvailable(String service, Dependency.Condition condition, boolean restartWithIt) {
    s.lifecycle.dependsOn.put(checkNotNull(service, "service"), new Dependency(service, condition, restartWithIt, false));
    return this;
  }

  public ServiceBuilder removeDependency(String service) {
    s.lifecycle.dependsOn.remove(service);
    return this;
  }

  public ServiceBuilder restart(RestartPolicy policy) {
    s.lifecycle.restart = Optional.of(checkNotNull(policy, "policy"));
    return this;
  }

  /** The restart policy in Docker's spelling, e.g. {@code unless-stopped} or {@code on-failure:3}. */
  public ServiceBuilder restart(String policy) {
    problems.parse(path + ".restart", policy, RestartPolicy::parse).ifPresent(this::restart);
    return this;
  }

  public ServiceBuilder stopGracePeriod(Duration period) {
    s.lifecycle.stopGracePeriod = Optional.of(checkNotNull(period, "period"));
    return this;
  }

  public ServiceBuilder stopGracePeriod(String period) {
    problems.parse(path + ".stop_grace_period", period, Durations::parse).ifPresent(this::stopGracePeriod);
    return this;
  }

  /**
   * Runs {@code hook} in each container after Sentinel starts it (Compose's {@code post_start});
   * hooks run in the order added. A hook that fails (exits non-zero, or runs past the service's
   * start timeout) stops the container and fails the service, so an apply rolls it back.
   */
  public ServiceBuilder postStart(Hook hook) {
    s.lifecycle.postStart.add(checkNotNull(hook, "hook"));
    return this;
  }

  /**
   * Runs {@code hook} in each running container before Sentinel stops it, on {@code down}, on a
   * recreate and on a scale-down (Compose's {@code pre_stop}). The stop waits for the hook; a
   * failing hook is reported and the stop goes on. Not run when a container exits by itself.
   */
  public ServiceBuilder preStop(Hook hook) {
    s.lifecycle.preStop.add(checkNotNull(hook, "hook"));
    return this;
  }

  /** The signal a stop sends, e.g. {@code SIGINT}. */
  public ServiceBuilder stopSignal(String signal) {
    s.lifecycle.stopSignal = Optional.of(checkNotNull(signal, "signal"));
    return this;
  }

  public ServiceBuilder containerName(String containerName) {
    s.naming.containerName = Optional.of(checkNotNull(containerName, "containerName"));
    return this;
  }

  /** The profiles that enable this service; a service without profiles is always enabled. */
  public ServiceBuilder profiles(String... profiles) {
    s.profiles = new LinkedHashSet<>(List.of(profiles));
    return this;
  }

  // --- resources ---

  public ServiceBuilder cpuLimit(Cpus cpus) {
    s.resources.cpuLimit = Optional.of(checkNotNull(cpus, "cpus"));
    return this;
  }

  /** At most this many CPUs, e.g. {@code "0.5"}. */
  public ServiceBuilder cpuLimit(String cpus) {
    problems.parse(path + ".deploy.resources.limits.cpus", cpus, Cpus::parse).ifPresent(this::cpuLimit);
    return this;
  }

  public ServiceBuilder memoryLimit(Size memory) {
    s.resources.memoryLimit = Optional.of(checkNotNull(memory, "memory"));
    return this;
  }

  /** At most this much memory, e.g. {@code "512m"}. */
  public ServiceBuilder memoryLimit(String memory) {
    problems.parse(path + ".deploy.resources.limits.memory", memory, Size::parse).ifPresent(this::memoryLimit);
    return this;
  }

  public ServiceBuilder cpuReservation(Cpus cpus) {
    s.resources.cpuReservation = Optional.of(checkNotNull(cpus, "cpus"));
    return this;
  }

  public ServiceBuilder cpuReservation(String cpus) {
    problems.parse(path + ".deploy.resources.reservations.cpus", cpus, Cpus::parse).ifPresent(this::cpuReservation);
    return this;
  }

  public ServiceBuilder memoryReservation(Size memory) {
    s.resources.memoryReservation = Optional.of(checkNotNull(memory, "memory"));
    return this;
  }

  public ServiceBuilder memoryReservation(String memory) {
    problems.parse(path + ".deploy.resources.reservations.memory", memory, Size::parse).ifPresent(this::memoryReservation);
    return this;
  }

  /** The size of {@code /dev/shm}, e.g. {@code "256m"} (databases and browsers need more than the default 64 MiB). */
  public ServiceBuilder shmSize(String size) {
    problems.parse(path + ".shm_size", size, Size::parse).ifPresent(sz -> s.kernel.shmSize = Optional.of(sz));
    return this;
  }

  /** How much more (positive) or less (negative) likely the OOM killer picks the containers: -1000 to 1000. */
  public ServiceBuilder oomScoreAdj(int adjustment) {
    if (adjustment < -1000 || adjustment > 1000) {
      problems.add(path + ".oom_score_adj", adjustment + " is not between -1000 and 1000");
    } else {
      s.kernel.oomScoreAdj = Optional.of(adjustment);
    }
    return this;
  }

  /** Whether the OOM killer spares the containers; only sensible with a memory limit, or the host itself runs out of memory. */
  public ServiceBuilder oomKillDisable(boolean disabled) {
    s.kernel.oomKillDisable = disabled;
    return this;
  }

  /** The relative CPU weight under contention (the engine's default is 1024); at least 2. */
  public ServiceBuilder cpuShares(int shares) {
    if (shares < 2) {
      problems.add(path + ".cpu_shares", shares + " is below the kernel's minimum of 2");
    } else {
      s.kernel.cpuShares = Optional.of(shares);
    }
    return this;
  }

  /** The CPUs the containers may run on, e.g. {@code 0-3} or {@code 0,2}. */
  public ServiceBuilder cpuset(String cpus) {
    if (!checkNotNull(cpus, "cpus").matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
      problems.add(path + ".cpuset", "\"" + cpus + "\" is not a CPU list (e.g. 0-3 or 0,2)");
    } else {
      s.kernel.cpuset = Optional.of(cpus);
    }
    return this;
  }

  /** How readily the kernel swaps the containers' anonymous pages: 0 to 100. */
  public ServiceBuilder memSwappiness(int swappiness) {
    if (swappiness < 0 || swappiness > 100) {
      problems.add(path + ".mem_swappiness", swappiness + " is not between 0 and 100");
    } else {
      s.kernel.memSwappiness = Optional.of(swappiness);
    }
    return this;
  }

  /** Microseconds of CPU time per scheduler period (at least 1000); {@link #cpuLimit} says the same more simply. */
  public ServiceBuilder cpuQuota(long microseconds) {
    if (microseconds < 1000) {
      problems.add(path + ".cpu_quota", microseconds + " is below the kernel's minimum of 1000 microseconds");
    } else {
      s.kernel.cpuQuota = Optional.of(microseconds);
    }
    return this;
  }

  /** The CFS scheduler period in microseconds: 1000 to 1000000. */
  public ServiceBuilder cpuPeriod(long microseconds) {
    if (microseconds < 1000 || microseconds > 1_000_000) {
      problems.add(path + ".cpu_period", microseconds + " is not between 1000 and 1000000 microseconds");
    } else {
      s.kernel.cpuPeriod = Optional.of(microseconds);
    }
    return this;
  }

  /** Memory plus swap, e.g. {@code 1g} (at least the memory limit), or {@code -1} for unlimited swap. */
  public ServiceBuilder memswapLimit(String limit) {
    if (checkNotNull(limit, "limit").strip().equals("-1")) {
      s.kernel.memswapLimitBytes = Optional.of(-1L);
    } else {
      problems.parse(path + ".memswap_limit", limit, Size::parse).ifPresent(z -> s.kernel.memswapLimitBytes = Optional.of(z.bytes()));
    }
    return this;
  }

  /** At most this many processes (fork-bomb protection). */
  public ServiceBuilder pidsLimit(long pids) {
    if (pids < 1) {
      problems.add(path + ".pids_limit", "pids limit must be at least 1, got " + pids);
    } else {
      s.resources.pidsLimit = Optional.of(pids);
    }
    return this;
  }

  public ServiceBuilder ulimit(String name, long soft, long hard) {
    problems.check(path + ".ulimits." + name, () -> s.kernel.ulimits.put(checkNotNull(name, "name"), new Ulimit(soft, hard)));
    return this;
  }

  // --- security ---

  public ServiceBuilder user(int uid, int gid) {
    s.security.user = Optional.of(User.of(uid, gid));
    return this;
  }

  /** The user, {@code uid[:gid]} or {@code name[:group]}. */
  public ServiceBuilder user(String user) {
    problems.parse(path + ".user", user, User::parse).ifPresent(u -> s.security.user = Optional.of(u));
    return this;
  }

  public ServiceBuilder readOnlyRootFilesystem() {
    s.security.readOnlyRootFilesystem = true;
    return this;
  }

  /** Makes the root filesystem writable again (e.g. in a development overlay). */
  public ServiceBuilder writableRootFilesystem() {
    s.security.readOnlyRootFilesystem = false;
    return this;
  }

  public ServiceBuilder noNewPrivileges() {
    s.security.noNewPrivileges = true;
    return this;
  }

  /** Drops capabilities, e.g. {@code "ALL"}. */
  public ServiceBuilder dropCapabilities(String... capabilities) {
    s.security.capDrop.addAll(List.of(capabilities));
    return this;
  }

  /** Adds capabilities back, e.g. {@code "NET_BIND_SERVICE"}. */
  public ServiceBuilder addCapabilities(String... capabilities) {
    s.security.capAdd.addAll(List.of(capabilities));
    return this;
  }

  /** A {@code security_opt} entry, e.g. {@code "seccomp=profile.json"} or {@code "apparmor=docker-default"}. */
  public ServiceBuilder securityOpt(String option) {
    if (!s.security.securityOpt.contains(option)) {
      s.security.securityOpt.add(checkNotNull(option, "option"));
    }
    return this;
  }

  /** Runs privileged. Allowed, but policy flags it: prefer specific capabilities. */
  public ServiceBuilder privileged() {
    s.security.privileged = true;
    return this;
  }

  /** Runs an init process as PID 1 that reaps zombies and forwards signals. */
  public ServiceBuilder init() {
    s.security.init = true;
    return this;
  }

  /** The PID namespace, e.g. {@code host}. */
  public ServiceBuilder pid(String mode) {
    s.security.pid = Optional.of(checkNotNull(mode, "mode"));
    return this;
  }

  /** The IPC namespace, e.g. {@code private} or {@code host}. */
  public ServiceBuilder ipc(String mode) {
    s.security.ipc = Optional.of(checkNotNull(mode, "mode"));
    return this;
  }

  /** The user namespace mode, e.g. {@code host} (policy flags it). */
  public ServiceBuilder usernsMode(String mode) {
    s.security.usernsMode = Optional.of(checkNotNull(mode, "mode"));
    return this;
  }

  /** The UTS namespace, e.g. {@code host} (policy flags it). */
  public ServiceBuilder uts(String mode) {
    s.security.uts = Optional.of(checkNotNull(mode, "mode"));
    return this;
  }

  /** The OCI runtime the containers run under, e.g. {@code runc} or {@code runsc} (gVisor): Compose's {@code runtime}. */
  public ServiceBuilder runtime(String runtime) {
    if (checkNotNull(runtime, "runtime").isBlank()) {
      problems.add(path + ".runtime", "the runtime is empty");
    } else {
      s.security.runtime = Optional.of(runtime);
    }
    return this;
  }

  /** The parent cgroup of the containers' cgroups (Compose's {@code cgroup_parent}). */
  public ServiceBuilder cgroupParent(String parent) {
    s.security.cgroupParent = Optional.of(checkNotNull(parent, "parent"));
    return this;
  }

  /** The cgroup namespace: {@code host} or {@code private} (Compose's {@code cgroup}). */
  /** Mounts the volumes of another service's first container or of a named container ({@link VolumesFrom}). */
  public ServiceBuilder volumesFrom(VolumesFrom from) {
    checkNotNull(from, "from");
    if (!s.security.volumesFrom.contains(from)) {
      s.security.volumesFrom.add(from);
    }
    return this;
  }

  /** {@link #volumesFrom(VolumesFrom)} in Compose's spelling, e.g. {@code data:ro} or {@code container:legacy}. */
  public ServiceBuilder volumesFrom(String from) {
    problems.parse(path + ".volumes_from", from, VolumesFrom::parse).ifPresent(this::volumesFrom);
    return this;
  }

  public ServiceBuilder cgroup(String mode) {
    if (!checkNotNull(mode, "mode").equals("host") && !mode.equals("private")) {
      problems.add(path + ".cgroup", "\"" + mode + "\" is not a cgroup namespace mode (host or private)");
    } else {
      s.security.cgroup = Optional.of(mode);
    }
    return this;
  }

  /** Maps a host device in, {@code host[:container[:permissions]]}, e.g. {@code /dev/ttyUSB0:/dev/ttyUSB0:rw}. */
  public ServiceBuilder device(String mapping) {
    if (!s.security.devices.contains(mapping)) {
      s.security.devices.add(checkNotNull(mapping, "mapping"));
    }
    return this;
  }

  /**
   * The hardening preset: read-only root filesystem with a writable tmpfs {@code /tmp}, {@code
   * no-new-privileges}, every capability dropped, and a pids limit of {@value
   * ServiceBuilder#HARDENED_PIDS_LIMIT} unless one is set. It requires a non-root {@link #user}: the
   * stack does not build without one. Later calls may loosen single settings.
   */
  public ServiceBuilder hardened() {
    s.hardened = true;
    s.security.readOnlyRootFilesystem = true;
    if (s.storage.mounts.stream().noneMatch(m -> m.target().equals("/tmp"))) {
      mountTmpfs("/tmp");
    }
    s.security.noNewPrivileges = true;
    s.security.capDrop.add("ALL");
    if (s.resources.pidsLimit.isEmpty()) {
      s.resources.pidsLimit = Optional.of(HARDENED_PIDS_LIMIT);
    }
    return this;
  }

  /**
   * Compose's {@code deploy.restart_policy}: how Swarm restarts tasks; on one engine it also sets
   * the container restart policy when {@link #restart} is not given. In an overlay it starts from
   * the inherited policy.
   */
  public ServiceBuilder deployRestartPolicy(Consumer<DeployRestartPolicyBuilder> configure) {
    DeployRestartPolicyBuilder builder = new DeployRestartPolicyBuilder(s.deploy.restartPolicy, problems, path + ".deploy.restart_policy");
    configure.accept(builder);
    s.deploy.restartPolicy = Optional.of(builder.build());
    return this;
  }

  /**
   * Takes back everything set so far for one Compose attribute, e.g. {@code reset("ports")} in an
   * overlay that publishes none of the base's ports; Compose's {@code !reset} tag. Followed by new
   * settings it is Compose's {@code !override}.
   */
  public ServiceBuilder reset(String attribute) {
    if (!s.reset(checkNotNull(attribute, "attribute"))) {
      problems.add(path + "." + attribute, "cannot reset \"" + attribute + "\"; resettable: " + String.join(", ", ServiceState.RESETTABLE));
    }
    return this;
  }

  // --- logging and deployment ---

  public ServiceBuilder logging(String driver, Map<String, String> options) {
    s.logging = Optional.of(new Logging(driver, options));
    return this;
  }

  /** How many containers run this service. */
  public ServiceBuilder replicas(int replicas) {
    if (replicas < 0) {
      problems.add(path + ".deploy.replicas", "replicas cannot be negative, got " + replicas);
    } else {
      s.deploy.replicas = replicas;
    }
    return this;
  }

  public ServiceBuilder updateConfig(Consumer<UpdateConfigBuilder> configure) {
    UpdateConfigBuilder builder =
        new UpdateConfigBuilder(s.deploy.update.orElse(UpdateConfig.DEFAULT), problems, path + ".deploy.update_config");
    configure.accept(builder);
    s.deploy.update = Optional.of(builder.build());
    return this;
  }

  /** How a Swarm rolls back a failed update (Compose's {@code rollback_config}); by default like the update itself. */
  public ServiceBuilder rollbackConfig(Consumer<UpdateConfigBuilder> configure) {
    UpdateConfigBuilder builder =
        new UpdateConfigBuilder(s.deploy.rollback.orElse(UpdateConfig.DEFAULT), problems, path + ".deploy.rollback_config");
    configure.accept(builder);
    s.deploy.rollback = Optional.of(builder.build());
    return this;
  }

  /**
   * One task on every node of a Swarm (Compose's {@code deploy.mode: global}), e.g. for a node
   * exporter or log shipper; one engine runs one container. Excludes {@code replicas}.
   */
  public ServiceBuilder global() {
    s.deploy.global = true;
    return this;
  }

  /** A Swarm resolves the service name to its tasks' addresses, without a virtual IP (Compose's {@code endpoint_mode: dnsrr}). */
  public ServiceBuilder dnsRoundRobin() {
    s.deploy.dnsRoundRobin = true;
    return this;
  }

  /** A label of the Swarm service itself (Compose's {@code deploy.labels}); {@link #label} labels the containers. */
  public ServiceBuilder deployLabel(String key, String value) {
    s.deploy.labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** A Swarm placement constraint, e.g. {@code node.role==manager}. */
  /**
   * Spreads the tasks evenly over the values of a node label on a Swarm (Compose's {@code
   * placement.preferences: [{spread: ...}]}); several are applied in order, e.g. {@code
   * placementSpread("node.labels.zone")} then {@code "node.labels.rack"}.
   */
  public ServiceBuilder placementSpread(String nodeLabel) {
    checkNotNull(nodeLabel, "nodeLabel");
    if (!nodeLabel.startsWith("node.labels.") && !nodeLabel.startsWith("engine.labels.")) {
      problems.add(path + ".deploy.placement.preferences", "a spread preference names a node or engine label (node.labels.<name>), got \""
          + nodeLabel + "\"");
    } else if (!s.deploy.preferences.contains(nodeLabel)) {
      s.deploy.preferences.add(nodeLabel);
    }
    return this;
  }

  /**
   * At most {@code max} tasks of this service on one Swarm node (Compose's {@code
   * placement.max_replicas_per_node}). Leave room for one more per node with a {@code start-first}
   * update: its new task starts beside the old one, and a full node makes it wait for ever ("no
   * suitable node (max replicas per node limit exceed)").
   */
  public ServiceBuilder maxReplicasPerNode(int max) {
    if (max < 1) {
      problems.add(path + ".deploy.placement.max_replicas_per_node", "max_replicas_per_node must be at least 1, got " + max);
    } else {
      s.deploy.maxReplicasPerNode = Optional.of(max);
    }
    return this;
  }

  public ServiceBuilder placement(String constraint) {
    if (!s.deploy.placement.contains(constraint)) {
      s.deploy.placement.add(checkNotNull(constraint, "constraint"));
    }
    return this;
  }

  /**
   * Accepts a policy rule for this service, e.g. {@code accept("SEC-ROOT-FS", "nginx writes its
   * cache")}. The finding is still reported, as suppressed, with the reason; a reason is required.
   */
  public ServiceBuilder accept(String ruleId, String reason) {
    if (reason == null || reason.isBlank()) {
      problems.add(path + ".x-sentinel-accept." + ruleId, "accepting a policy rule needs a reason");
    } else {
      s.accepted.put(checkNotNull(ruleId, "ruleId"), reason);
    }
    return this;
  }

  Service build() {
    return s.toService(name);
  }
}
