package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.internal.AuditLog;
import dev.sentinel.runtime.internal.Clashes;
import dev.sentinel.runtime.internal.Diagnostics;
import dev.sentinel.runtime.internal.Labels;
import dev.sentinel.runtime.internal.NetworkMapping;
import dev.sentinel.runtime.internal.ReadinessWait;
import dev.sentinel.runtime.internal.SpecJson;
import dev.sentinel.runtime.internal.StackLock;
import dev.sentinel.runtime.internal.StartOrder;
import dev.sentinel.runtime.internal.SwarmDesired;
import dev.sentinel.runtime.internal.SwarmDrift;
import dev.sentinel.runtime.internal.SwarmLogs;
import dev.sentinel.runtime.internal.SwarmSpecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Docker Swarm as a {@link Target}: the same definition, deployed as Swarm services with overlay
 * networks, secrets kept encrypted in the Raft log (versioned by content, so a rotation creates a
 * new secret and updates its services) and configs. Apply creates or updates services in
 * dependency order and waits until each has its replicas running and healthy; the engine rolls an
 * update back when its new tasks fail, and apply reports it.
 *
 * <pre>{@code
 * SwarmTarget swarm = SwarmTarget.on(engine).withDnsRoundRobin();   // no VIPs: host-mode ports
 * swarm.apply(stack.resolve("production"), ApplyOptions.defaults());
 * }</pre>
 *
 * <p>The engine must be a swarm manager ({@code docker swarm init}).
 */
public final class SwarmTarget implements Target {

  private final Engine engine;
  private final DockerClient docker;
  private final boolean dnsrr;

  private SwarmTarget(Engine engine, boolean dnsrr) {
    this.engine = engine;
    this.docker = engine.requests();
    this.dnsrr = dnsrr;
  }

  /** The swarm {@code engine} manages, with virtual IPs and ingress ports (the engine's defaults). */
  public static SwarmTarget on(Engine engine) {
    return new SwarmTarget(checkNotNull(engine, "engine"), false);
  }

  /**
   * The logs of every task of {@code service}, from every node, through this manager; each line
   * prefixed with its task and node ({@code web.2@node3 | ...}).
   *
   * @throws IllegalArgumentException when the stack has no such service on the Swarm
   */
  public void logs(String stack, String service, int tail, boolean follow, java.util.function.Consumer<String> lines)
      throws InterruptedException {
    SwarmLogs.read(docker, engine.streams(), stack, service, tail, follow, lines);
  }

  /** DNS round-robin and host-mode ports instead of virtual IPs and ingress (kernels without IPVS). */
  public SwarmTarget withDnsRoundRobin() {
    return new SwarmTarget(engine, true);
  }

  @Override
  public Plan plan(StackSpec spec, ApplyOptions options) {
    requireManager();
    SwarmDesired desired = SwarmDesired.of(docker, spec, options, false, dnsrr, baseLabels(spec, options));
    Clashes.refuseOnSwarm(docker, spec.name(), desired.networks());
    Map<String, com.github.dockerjava.api.model.Service> existing = existingServices(spec.name());
    List<PlannedAction> actions = new ArrayList<>();
    for (String network : desired.networks()) {
      boolean exists = !docker.listNetworksCmd().withNameFilter(network).exec().isEmpty();
      actions.add(new PlannedAction(exists ? PlannedAction.Kind.UNCHANGED : PlannedAction.Kind.CREATE, PlannedAction.ObjectType.NETWORK,
          network, Optional.empty(), List.of(), exists ? "exists" : "new overlay network"));
    }
    desired.services().forEach((name, serviceSpec) -> {
      com.github.dockerjava.api.model.Service current = existing.remove(name);
      String hash = serviceSpec.getLabels().get(Labels.CONFIG_HASH);
      String local = localVolumes(spec.service(service(name, spec)), spec) + singleEngineOnly(spec.service(service(name, spec)));
      if (current == null) {
        actions.add(new PlannedAction(PlannedAction.Kind.CREATE, PlannedAction.ObjectType.CONTAINER, name, Optional.of(service(name, spec)),
            List.of(), "new service" + local));
      } else if (!hash.equals(current.getSpec().getLabels().get(Labels.CONFIG_HASH))) {
        actions.add(new PlannedAction(PlannedAction.Kind.RECREATE, PlannedAction.ObjectType.CONTAINER, name, Optional.of(service(name, spec)),
            SpecJson.changedFields(current.getSpec().getLabels().getOrDefault(Labels.SPEC, "{}"), serviceSpec.getLabels().get(Labels.SPEC)),
            "rolling update"));
      } else if (!SwarmDrift.of(serviceSpec, current.getSpec()).isEmpty()) {
        List<String> drift = SwarmDrift.of(serviceSpec, current.getSpec());
        actions.add(new PlannedAction(PlannedAction.Kind.RECREATE, PlannedAction.ObjectType.CONTAINER, name, Optional.of(service(name, spec)),
            drift, "changed outside Sentinel"));
      } else {
        actions.add(new PlannedAction(PlannedAction.Kind.UNCHANGED, PlannedAction.ObjectType.CONTAINER, name, Optional.of(service(name, spec)),
            List.of(), "up to date" + local));
      }
    });
    existing.keySet().forEach(name -> actions.add(new PlannedAction(PlannedAction.Kind.REMOVE, PlannedAction.ObjectType.CONTAINER, name,
        Optional.empty(), List.of(), "no longer defined")));
    return new Plan(spec.name(), spec.environment(), actions);
  }

  @Override
  @SuppressWarnings("try") // the lock is held by the try block itself
  public Plan apply(StackSpec spec, ApplyOptions options) {
    requireManager();
    try (StackLock lock = StackLock.acquire(engine.address().toString(), spec.name(), options.applyTimeout())) {
      Plan plan = plan(spec, options);
      SwarmDesired desired = SwarmDesired.of(docker, spec, options, true, dnsrr, baseLabels(spec, options));
      Map<String, String> base = baseLabels(spec, options);
      for (String network : desired.networks()) {
        if (docker.listNetworksCmd().withNameFilter(network).exec().stream().noneMatch(n -> n.getName().equals(network))) {
          Network n = desired.networkDefinitions().get(network);
          Map<String, String> labels = new LinkedHashMap<>(base);
          n.labels().forEach(labels::putIfAbsent);
          NetworkMapping.applyTo(n, docker.createNetworkCmd().withName(network).withDriver(n.driver().orElse("overlay")).withAttachable(true)
              .withInternal(n.internal()).withLabels(labels)).exec();
          options.listener().on(new ProgressEvent.Creating(Optional.empty(), "network " + network));
        }
      }
      Map<String, com.github.dockerjava.api.model.Service> existing = existingServices(spec.name());
      List<ServiceFailure> failures = new ArrayList<>();
      List<String> notStarted = new ArrayList<>();
      Set<String> failed = new HashSet<>();
      for (Service s : order(spec, options)) {
        String name = spec.name() + "_" + s.name();
        if (s.lifecycle().dependsOn().keySet().stream().anyMatch(failed::contains)) {
          notStarted.add(s.name());
          failed.add(s.name());
          continue;
        }
        ServiceSpec serviceSpec = desired.services().get(name);
        com.github.dockerjava.api.model.Service current = existing.remove(name);
        Optional<Instant> updateRequested = Optional.empty();
        if (current == null) {
          options.listener().on(new ProgressEvent.Creating(Optional.of(s.name()), "service " + name));
          docker.createServiceCmd(serviceSpec).exec();
        } else if (!serviceSpec.getLabels().get(Labels.CONFIG_HASH).equals(current.getSpec().getLabels().get(Labels.CONFIG_HASH))) {
          options.listener().on(new ProgressEvent.Starting(s.name(), "rolling update of " + name));
          // Only a change to the tasks starts a rolling update (scaling alone does not).
          if (!serviceSpec.getLabels().get(SwarmDesired.TASK_HASH).equals(current.getSpec().getLabels().get(SwarmDesired.TASK_HASH))) {
            updateRequested = Optional.of(Instant.now());
          }
          docker.updateServiceCmd(current.getId(), serviceSpec).withVersion(current.getVersion().getIndex()).exec();
        } else if (!SwarmDrift.of(serviceSpec, current.getSpec()).isEmpty()) {
          // Changed outside Sentinel: the definition is put back (a rolling update when the tasks' spec drifted).
          List<String> drift = SwarmDrift.of(serviceSpec, current.getSpec());
          options.listener().on(new ProgressEvent.Starting(s.name(), "undoing changes made outside Sentinel to " + name + ": "
              + String.join("; ", drift)));
          if (SwarmDrift.reachesTheTasks(drift)) {
            updateRequested = Optional.of(Instant.now());
          }
          docker.updateServiceCmd(current.getId(), serviceSpec).withVersion(current.getVersion().getIndex()).exec();
        }
        Optional<ServiceFailure> failure = awaitConverged(s, name, options, updateRequested);
        if (failure.isPresent()) {
          failures.add(failure.get());
          failed.add(s.name());
          options.listener().on(new ProgressEvent.Failed(s.name(), failure.get().reason()));
        } else {
          options.listener().on(new ProgressEvent.Ready(s.name(), s.lifecycle().hasHealthCheck() ? "healthy" : "running"));
        }
      }
      for (var orphan : existing.values()) {
        docker.removeServiceCmd(orphan.getId()).exec();
        options.listener().on(new ProgressEvent.Removed(Optional.empty(), "service " + orphan.getSpec().getName()));
      }
      String result = failures.isEmpty() && notStarted.isEmpty() ? "ok" : "failed";
      AuditLog.append(options.auditLog(), "apply", spec.name(), spec.environment(), "swarm " + engine.address(),
          plan.changes().stream().map(a -> a.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + a.name()).toList(), result);
      if (!failures.isEmpty() || !notStarted.isEmpty()) {
        throw new ApplyException(spec.name(), failures, notStarted);
      }
      return plan;
    }
  }

  @Override
  @SuppressWarnings("try") // the lock is held by the try block itself
  public void down(StackSpec spec, DownOptions down, ApplyOptions options) {
    requireManager();
    try (StackLock lock = StackLock.acquire(engine.address().toString(), spec.name(), options.applyTimeout())) {
      Map<String, String> label = Map.of(Labels.STACK, spec.name());
      for (var s : docker.listServicesCmd().withLabelFilter(label).exec()) {
        docker.removeServiceCmd(s.getId()).exec();
        options.listener().on(new ProgressEvent.Removed(Optional.empty(), "service " + s.getSpec().getName()));
      }
      // Tasks must be gone before the secrets, configs and networks they use can be removed.
      long deadline = System.nanoTime() + options.serviceTimeout().toNanos();
      while (!docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.STACK, spec.name())).exec().isEmpty()) {
        if (System.nanoTime() > deadline) {
          break;
        }
        sleep(300);
      }
      docker.listSecretsCmd().withLabelFilter(label).exec().forEach(s -> docker.removeSecretCmd(s.getId()).exec());
      docker.listConfigsCmd().withFilters(Map.of("label", List.of(Labels.STACK + "=" + spec.name()))).exec()
          .forEach(c -> docker.removeConfigCmd(c.getId()).exec());
      for (var n : docker.listNetworksCmd().withFilter("label", List.of(Labels.STACK + "=" + spec.name())).exec()) {
        removeNetwork(n.getId(), deadline);
        options.listener().on(new ProgressEvent.Removed(Optional.empty(), "network " + n.getName()));
      }
      if (down.removeVolumes()) {
        // This node's copies of the stack's own volumes (other nodes keep theirs: volumes are per node).
        Set<String> own = new HashSet<>();
        spec.volumes().values().stream().filter(v -> !v.external()).forEach(v -> own.add(v.engineName(spec.name())));
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(Labels.STACK + "=" + spec.name())).exec().getVolumes();
        if (volumes != null) {
          volumes.stream().filter(v -> own.contains(v.getName())).forEach(v -> {
            docker.removeVolumeCmd(v.getName()).exec();
            options.listener().on(new ProgressEvent.Removed(Optional.empty(), "volume " + v.getName()));
          });
        }
      }
      AuditLog.append(options.auditLog(), "down", spec.name(), spec.environment(), "swarm " + engine.address(), List.of(), "ok");
    }
  }

  @Override
  public StackStatus status(String stack) {
    List<ContainerStatus> containers = new ArrayList<>();
    Map<String, String> nodeNames = new java.util.HashMap<>();
    docker.listSwarmNodesCmd().exec().forEach(n -> nodeNames.put(n.getId(),
        n.getDescription() == null || n.getDescription().getHostname() == null ? n.getId() : n.getDescription().getHostname()));
    for (Map.Entry<Task, String> entry : tasksOf(stack).entrySet()) {
      Task t = entry.getKey();
      if (t.getDesiredState() != TaskState.RUNNING) {
        continue;
      }
      String service = entry.getValue();
      String containerId = t.getStatus().getContainerStatus() == null ? null : t.getStatus().getContainerStatus().getContainerID();
      Optional<String> health = Optional.empty();
      Optional<String> lastHealth = Optional.empty();
      if (containerId != null) {
        try {
          InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
          health = Optional.ofNullable(state.getHealth()).map(h -> h.getStatus());
        } catch (NotFoundException e) {
          // on another node
        }
      }
      containers.add(new ContainerStatus(service, t.getSlot() == null ? 0 : t.getSlot(), stack + "_" + service + "." + t.getSlot(),
          containerId == null ? t.getId() : containerId, t.getStatus().getState().getValue(), health, Optional.empty(), 0,
          Optional.empty(), List.of(), lastHealth, Optional.ofNullable(t.getNodeId()).map(id -> nodeNames.getOrDefault(id, id))));
    }
    containers.sort(java.util.Comparator.comparing(ContainerStatus::service).thenComparingInt(ContainerStatus::replica));
    return new StackStatus(stack, Instant.now(), containers);
  }

  /** A plan note naming what a Swarm task cannot do of this service (docker stack deploy ignores them too). */
  static String singleEngineOnly(Service s) {
    List<String> ignored = SwarmSpecs.ignoredOnSwarm(s);
    return ignored.isEmpty() ? "" : "; ignored on a Swarm (a task has no such setting): " + String.join(", ", ignored);
  }

  /**
   * A note for a service whose named volumes live on one node (the local driver): a task
   * rescheduled elsewhere starts with an empty volume there. Empty for other services.
   */
  static String localVolumes(Service s, StackSpec spec) {
    List<String> local = s.storage().mounts().stream()
        .filter(m -> m instanceof dev.sentinel.dsl.Mount.VolumeMount v && !v.isAnonymous())
        .map(m -> ((dev.sentinel.dsl.Mount.VolumeMount) m).source())
        .filter(v -> spec.volumes().containsKey(v) && spec.volumes().get(v).isNodeLocal())
        .distinct().toList();
    if (local.isEmpty()) {
      return "";
    }
    boolean pinned = s.deploy().pinsToNodes();
    String volumes = "volume" + (local.size() > 1 ? "s " : " ") + String.join(", ", local);
    return pinned ? "; node-local " + volumes + ", pinned by its placement"
        : "; node-local " + volumes + ": a task rescheduled to another node starts with an empty volume there;"
            + " pin it with a placement constraint such as node.labels.<name>==<value>, or use a volume driver shared by the nodes";
  }

  /**
   * Every node of the Swarm with the tasks of {@code stack} last reported running on it; a lost
   * node ({@link SwarmNode#isDown()}) lists the tasks it held when it went silent.
   */
  public List<SwarmNode> nodes(String stack) {
    Map<String, List<String>> held = new java.util.HashMap<>();
    Map<String, java.util.SortedSet<String>> volumes = new java.util.HashMap<>();
    for (Map.Entry<Task, String> entry : tasksOf(stack).entrySet()) {
      Task t = entry.getKey();
      // A task the managers still believe running there, whether or not they have replaced it since.
      if (t.getNodeId() != null && t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING) {
        held.computeIfAbsent(t.getNodeId(), k -> new ArrayList<>()).add(entry.getValue() + "." + (t.getSlot() == null ? t.getNodeId() : t.getSlot()));
        var container = t.getSpec() == null ? null : t.getSpec().getContainerSpec();
        if (container != null && container.getMounts() != null) {
          container.getMounts().stream().filter(m -> m.getType() == com.github.dockerjava.api.model.MountType.VOLUME && m.getSource() != null)
              .forEach(m -> volumes.computeIfAbsent(t.getNodeId(), k -> new java.util.TreeSet<>()).add(m.getSource()));
        }
      }
    }
    List<SwarmNode> nodes = new ArrayList<>();
    for (var n : docker.listSwarmNodesCmd().exec()) {
      String hostname = n.getDescription() == null || n.getDescription().getHostname() == null ? n.getId() : n.getDescription().getHostname();
      String state = n.getStatus() == null || n.getStatus().getState() == null ? "unknown" : n.getStatus().getState().name().toLowerCase(java.util.Locale.ROOT);
      String availability = n.getSpec() == null || n.getSpec().getAvailability() == null ? "active"
          : n.getSpec().getAvailability().name().toLowerCase(java.util.Locale.ROOT);
      List<String> tasks = new ArrayList<>(held.getOrDefault(n.getId(), List.of()));
      tasks.sort(null);
      nodes.add(new SwarmNode(hostname, n.getId(), n.getManagerStatus() != null, state, availability, tasks,
          List.copyOf(volumes.getOrDefault(n.getId(), new java.util.TreeSet<>()))));
    }
    nodes.sort(java.util.Comparator.comparing(SwarmNode::hostname));
    return nodes;
  }

  /** Waits until the service has its replicas running (and healthy), or its update failed and rolled back. */
  private Optional<ServiceFailure> awaitConverged(Service s, String name, ApplyOptions options, Optional<Instant> updateRequested) {
    long deadline = System.nanoTime() + options.serviceTimeout().toNanos();
    String lastProblem = "no task running yet";
    while (System.nanoTime() < deadline) {
      var service = docker.inspectServiceCmd(name).exec();
      var update = service.getUpdateStatus();
      if (update != null && (update.getState() == ServiceUpdateState.ROLLBACK_COMPLETED || update.getState() == ServiceUpdateState.ROLLBACK_PAUSED
          || update.getState() == ServiceUpdateState.PAUSED)) {
        return Optional.of(new ServiceFailure(s.name(), Optional.empty(), "update failed and was " + (update.getState() == ServiceUpdateState.PAUSED
            ? "paused" : "rolled back") + ": " + update.getMessage(), update.getState().name().toLowerCase(java.util.Locale.ROOT),
            Optional.empty(), failedTaskErrors(name)));
      }
      boolean updating = update != null && (update.getState() == ServiceUpdateState.UPDATING || update.getState() == ServiceUpdateState.ROLLBACK_STARTED);
      // Right after an update request the old tasks still look converged: wait for this update's own status.
      if (updateRequested.isPresent() && (update == null || update.getStartedAt() == null
          || update.getStartedAt().toInstant().isBefore(updateRequested.get().minusSeconds(1)))) {
        sleep(200);
        continue;
      }
      List<Task> running = docker.listTasksCmd().withServiceFilter(name).exec().stream()
          .filter(t -> t.getDesiredState() == TaskState.RUNNING).toList();
      long ready = running.stream().filter(t -> t.getStatus().getState() == TaskState.RUNNING && healthy(t, s)).count();
      if (!updating && ready == s.deploy().replicas() && running.size() == s.deploy().replicas()) {
        return readiness(s, running, options);
      }
      lastProblem = ready + " of " + s.deploy().replicas() + " tasks running" + (s.lifecycle().hasHealthCheck() ? " and healthy" : "");
      sleep(500);
    }
    return Optional.of(new ServiceFailure(s.name(), Optional.empty(), "did not converge within " + options.serviceTimeout().toSeconds() + "s",
        lastProblem, Optional.empty(), failedTaskErrors(name)));
  }

  /**
   * The service's readiness conditions, checked in each running task's container; a task on
   * another node cannot be reached from here and fails the check, naming why.
   */
  private Optional<ServiceFailure> readiness(Service s, List<Task> running, ApplyOptions options) {
    for (Task t : s.lifecycle().readiness().isEmpty() ? List.<Task>of() : running) {
      String id = t.getStatus().getContainerStatus() == null ? null : t.getStatus().getContainerStatus().getContainerID();
      Optional<String> notReady;
      try {
        notReady = id == null ? Optional.of("was not ready: task " + t.getId() + " has no container on this engine")
            : ReadinessWait.await(docker, engine.streams(), engine.address(), id, s.lifecycle().readiness(), options.serviceTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        notReady = Optional.of("was not ready: interrupted while waiting");
      } catch (NotFoundException e) {
        notReady = Optional.of("was not ready: its container " + id + " is not on this engine (readiness is checked on the manager's node only)");
      }
      if (notReady.isPresent()) {
        return Optional.of(Diagnostics.failure(docker, s.name(), Optional.ofNullable(id), notReady.get()));
      }
    }
    return Optional.empty();
  }

  private boolean healthy(Task t, Service s) {
    if (!s.lifecycle().hasHealthCheck()) {
      return true;
    }
    String id = t.getStatus().getContainerStatus() == null ? null : t.getStatus().getContainerStatus().getContainerID();
    if (id == null) {
      return false;
    }
    try {
      var health = docker.inspectContainerCmd(id).exec().getState().getHealth();
      return health != null && "healthy".equals(health.getStatus());
    } catch (NotFoundException e) {
      // On another node: a Swarm reports a task with a health check running only once it was
      // healthy (moby's executor waits for the first "healthy" event), so running is enough.
      return t.getStatus().getState() == TaskState.RUNNING;
    }
  }

  private List<String> failedTaskErrors(String service) {
    return docker.listTasksCmd().withServiceFilter(service).exec().stream()
        .filter(t -> t.getStatus().getState() == TaskState.FAILED || t.getStatus().getState() == TaskState.REJECTED
            || (t.getStatus().getErr() != null && !t.getStatus().getErr().isEmpty()))
        .map(t -> "task " + t.getId().substring(0, 12) + " " + t.getStatus().getState().getValue() + ": "
            + Optional.ofNullable(t.getStatus().getErr()).orElse(t.getStatus().getMessage()))
        .limit(10).toList();
  }

  private List<Service> order(StackSpec spec, ApplyOptions options) {
    return StartOrder.of(spec.enabledServices(options.profiles()));
  }

  private Map<String, com.github.dockerjava.api.model.Service> existingServices(String stack) {
    Map<String, com.github.dockerjava.api.model.Service> existing = new LinkedHashMap<>();
    docker.listServicesCmd().withLabelFilter(Map.of(Labels.STACK, stack)).exec().forEach(s -> existing.put(s.getSpec().getName(), s));
    return existing;
  }

  /** Every task of the stack's services, each with its Sentinel service name. */
  private Map<Task, String> tasksOf(String stack) {
    Map<Task, String> tasks = new LinkedHashMap<>();
    for (var service : docker.listServicesCmd().withLabelFilter(Map.of(Labels.STACK, stack)).exec()) {
      String name = service.getSpec().getLabels().getOrDefault(Labels.SERVICE, service.getSpec().getName());
      docker.listTasksCmd().withServiceFilter(service.getSpec().getName()).exec().forEach(t -> tasks.put(t, name));
    }
    return tasks;
  }

  private static String service(String swarmName, StackSpec spec) {
    return swarmName.substring(spec.name().length() + 1);
  }

  private void removeNetwork(String id, long deadline) {
    while (true) {
      try {
        docker.removeNetworkCmd(id).exec();
        return;
      } catch (NotFoundException gone) {
        return;
      } catch (RuntimeException inUse) {
        if (System.nanoTime() > deadline) {
          throw inUse;
        }
        sleep(300);
      }
    }
  }

  private void requireManager() {
    var info = docker.infoCmd().exec();
    if (info.getSwarm() == null || info.getSwarm().getLocalNodeState() != LocalNodeState.ACTIVE
        || !Boolean.TRUE.equals(info.getSwarm().getControlAvailable())) {
      throw new IllegalStateException("the engine at " + engine.address() + " is not a swarm manager: run `docker swarm init` (see docs/scale-out.md)");
    }
  }

  private static Map<String, String> baseLabels(StackSpec spec, ApplyOptions options) {
    Map<String, String> labels = new LinkedHashMap<>(options.extraLabels());
    labels.put(Labels.STACK, spec.name());
    spec.environment().ifPresent(e -> labels.put(Labels.ENVIRONMENT, e));
    return labels;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
