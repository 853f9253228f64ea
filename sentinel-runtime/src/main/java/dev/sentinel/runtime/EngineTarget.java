package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.dsl.policy.ServiceView;
import dev.sentinel.runtime.internal.Applier;
import dev.sentinel.runtime.internal.AuditViews;
import dev.sentinel.runtime.internal.AuditLog;
import dev.sentinel.runtime.internal.ContainerSpecs;
import dev.sentinel.runtime.internal.DetailedPlan;
import dev.sentinel.runtime.internal.Downer;
import dev.sentinel.runtime.internal.EngineOutages;
import dev.sentinel.runtime.internal.Images;
import dev.sentinel.runtime.internal.Labels;
import dev.sentinel.runtime.internal.LastApplied;
import dev.sentinel.runtime.internal.NetworkMapping;
import dev.sentinel.runtime.internal.Planner;
import dev.sentinel.runtime.internal.Rollback;
import dev.sentinel.runtime.internal.StartOrder;
import dev.sentinel.runtime.internal.StackLock;
import dev.sentinel.runtime.internal.EngineFiles;
import dev.sentinel.runtime.internal.StateFiles;
import dev.sentinel.runtime.internal.StatusReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A single Docker engine as a {@link Target}. Objects are named as Compose names them ({@code
 * <stack>_<network>}, {@code <stack>_<volume>}, {@code <stack>-<service>-<n>}) and carry the labels
 * {@code dev.sentinel.stack}, {@code .service}, {@code .replica} and {@code .config-hash} (the hash
 * of the canonical container spec, image ID included), so an unchanged definition never recreates
 * anything.
 *
 * <pre>{@code
 * try (Engine engine = Engine.fromEnvironment()) {
 *   EngineTarget target = EngineTarget.on(engine);
 *   target.apply(stack.resolve("development"), ApplyOptions.defaults());
 *   System.out.print(target.status("ats-sentinel").toText());
 * }
 * }</pre>
 */
public final class EngineTarget implements Target {
  private final Engine engine;
  private final DockerClient docker;

  /** What the engine says of its host (data root, CPUs), asked once, when first needed. */
  private final java.util.function.Supplier<com.github.dockerjava.api.model.Info> info;

  private EngineTarget(Engine engine) {
    this.engine = engine;
    this.docker = engine.requests();
    this.info = com.google.common.base.Suppliers.memoize(() -> docker.infoCmd().exec());
  }

  /** The target for {@code engine}; closing the engine is the caller's job. */
  public static EngineTarget on(Engine engine) {
    return new EngineTarget(checkNotNull(engine, "engine"));
  }

  @Override
  public Plan plan(StackSpec spec, ApplyOptions options) {
    Map<String, Service> services = spec.enabledServices(options.profiles());
    StateFiles.requireLocalSources(spec, services);
    Map<String, Optional<String>> imageIds = Images.localIds(docker, spec.name(), services.values());
    return detailedPlan(spec, services, imageIds, options, engineFiles(spec, services, options))
        .toPlan(new LastApplied(options.stateDirectory(), spec.name()).read().map(LastApplied.Applied::hashes));
  }

  @Override
  @SuppressWarnings("try") // the lock is held by the try block itself
  public Plan apply(StackSpec spec, ApplyOptions options) {
    try (StackLock lock = StackLock.acquire(engine.address().toString(), spec.name(), options.applyTimeout())) {
      EngineOutages.Steps steps = new EngineOutages.Steps(options.listener());
      return outages(options).run(steps, "up", () -> applyOnce(spec, options.withListener(steps)));
    }
  }

  /** An engine that goes away is waited for up to 2 minutes (or the apply timeout, if shorter). */
  private EngineOutages outages(ApplyOptions options) {
    Duration wait = options.applyTimeout().compareTo(ENGINE_WAIT) < 0 ? options.applyTimeout() : ENGINE_WAIT;
    return new EngineOutages(engine.address(), engine::ping, wait);
  }

  private static final Duration ENGINE_WAIT = Duration.ofMinutes(2);

  private Plan applyOnce(StackSpec spec, ApplyOptions options) {
    Plan plan = null;
    try {
      Map<String, Service> services = spec.enabledServices(options.profiles());
      StateFiles.requireLocalSources(spec, services); // before any image is built
      // Present images looked up all at once; only the missing ones are built or pulled, in order.
      Map<String, Optional<String>> imageIds = new LinkedHashMap<>(Images.localIds(docker, spec.name(), services.values()));
      for (Service s : services.values()) {
        String ref = Images.reference(spec.name(), s);
        if (imageIds.get(s.name()).isEmpty()) {
          imageIds.put(s.name(), Optional.of(Images.ensure(docker, spec.name(), s,
              line -> options.listener().on(new ProgressEvent.Building(s.name(), ref, line)),
              () -> options.listener().on(new ProgressEvent.Pulling(s.name(), ref)))));
        }
      }
      EngineFiles files = engineFiles(spec, services, options);
      DetailedPlan detailed = detailedPlan(spec, services, imageIds, options, files);
      LastApplied last = new LastApplied(options.stateDirectory(), spec.name());
      Optional<LastApplied.Applied> before = last.read();
      plan = detailed.toPlan(before.map(LastApplied.Applied::hashes));
      options.listener().on(new ProgressEvent.Planned(plan));
      new Applier(docker, engine.streams(), engine.address(), options, files, () -> info.get().getNCPU()).apply(detailed, baseLabels(spec, options));
      // The files the apply before this one mounts stay: a rollback returns to its containers.
      Set<String> keep = new java.util.HashSet<>(files.volumes());
      before.ifPresent(b -> keep.addAll(filesVolumes(b)));
      new Downer(docker, options.listener()).removeFilesVolumes(spec.name(), keep);
      // Host files of a Sentinel before files volumes: gone once no kept apply mounts them.
      new StateFiles(options.stateDirectory(), spec.name()).removeUnused(before.map(EngineTarget::hostFiles).orElse(Set.of()));
      last.write(new LastApplied.Applied(StartOrder.of(services).stream().map(Service::name).toList(),
          detailed.containers().stream().map(c -> new LastApplied.AppliedContainer(c.name(), c.service(), c.replica(), c.hash(),
              Applier.labels(c, baseLabels(spec, options)), c.spec())).toList(),
          appliedNetworks(spec, detailed, baseLabels(spec, options))));
      audit("apply", spec, options, plan, "ok");
      return plan;
    } catch (RuntimeException e) {
      audit("apply", spec, options, plan, "failed: " + e.getMessage());
      throw e;
    }
  }

  /**
   * Returns the stack's containers to the successful apply before the last one, as recorded in the
   * state directory, without its definition: a change that became healthy but is wrong can be
   * undone at once. Rolling back twice returns to where it started. Networks and volumes stay as they are.
   *
   * @return what it did
   * @throws IllegalStateException when there is no earlier apply on record, or a restored container does not become ready
   */
  @SuppressWarnings("try") // the lock is held by the try block itself
  public Plan rollback(String stack, ApplyOptions options) {
    try (StackLock lock = StackLock.acquire(engine.address().toString(), stack, options.applyTimeout())) {
      LastApplied last = new LastApplied(options.stateDirectory(), stack);
      LastApplied.Applied previous = last.readPrevious().orElseThrow(() -> new IllegalStateException("nothing to roll back to: stack \""
          + stack + "\" has no earlier successful apply on record under " + options.stateDirectory().resolve("applied")));
      try {
        Plan done = new Rollback(docker, engine.streams(), options).to(stack, previous);
        last.write(previous);
        AuditLog.append(options.auditLog(), "rollback", stack, Optional.empty(), "engine " + engine.address(),
            done.changes().stream().map(a -> a.kind().name().toLowerCase(java.util.Locale.ROOT) + " container " + a.name()).toList(), "ok");
        return done;
      } catch (RuntimeException e) {
        AuditLog.append(options.auditLog(), "rollback", stack, Optional.empty(), "engine " + engine.address(), List.of(),
            "failed: " + e.getMessage());
        throw e;
      }
    }
  }

  /** The stack's own networks as this apply left them (external ones are not the stack's to roll back). */
  private static List<LastApplied.AppliedNetwork> appliedNetworks(StackSpec spec, DetailedPlan detailed, Map<String, String> baseLabels) {
    Map<String, dev.sentinel.dsl.Network> byEngineName = new java.util.HashMap<>();
    spec.networks().values().forEach(n -> byEngineName.put(n.engineName(spec.name()), n));
    return detailed.networks().stream()
        .filter(a -> a.kind() == PlannedAction.Kind.CREATE || a.kind() == PlannedAction.Kind.RECREATE || a.kind() == PlannedAction.Kind.UNCHANGED)
        .map(a -> {
          dev.sentinel.dsl.Network n = byEngineName.get(a.name());
          return new LastApplied.AppliedNetwork(a.name(), NetworkMapping.labels(n, baseLabels), Optional.ofNullable(n));
        }).toList();
  }

  /** The files volumes an apply's containers mount. */
  private static Set<String> filesVolumes(LastApplied.Applied applied) {
    Set<String> volumes = new java.util.HashSet<>();
    applied.containers().forEach(c -> c.spec().storage().mounts().stream().filter(m -> "volume".equals(m.type()) && m.source() != null)
        .forEach(m -> volumes.add(m.source())));
    return volumes;
  }

  /** The host files (secret and config bind mounts) an apply's containers mount. */
  private static Set<java.nio.file.Path> hostFiles(LastApplied.Applied applied) {
    Set<java.nio.file.Path> files = new java.util.HashSet<>();
    applied.containers().forEach(c -> c.spec().storage().mounts().stream().filter(m -> "bind".equals(m.type()) && m.source() != null)
        .forEach(m -> files.add(java.nio.file.Path.of(m.source()))));
    return files;
  }

  @Override
  @SuppressWarnings("try") // the lock is held by the try block itself
  public void down(StackSpec spec, DownOptions down, ApplyOptions options) {
    try (StackLock lock = StackLock.acquire(engine.address().toString(), spec.name(), options.applyTimeout())) {
      EngineOutages.Steps steps = new EngineOutages.Steps(options.listener());
      outages(options).run(steps, "down", () -> {
        downOnce(spec, down, options.withListener(steps));
        return null;
      });
    }
  }

  private void downOnce(StackSpec spec, DownOptions down, ApplyOptions options) {
    var containers = new Planner(docker).existingContainers(spec.name());
    try {
      new Downer(docker, options.listener()).down(spec, containers, down.removeVolumes());
      new StateFiles(options.stateDirectory(), spec.name()).removeAll();
      new LastApplied(options.stateDirectory(), spec.name()).remove();
      AuditLog.append(options.auditLog(), "down", spec.name(), spec.environment(), "engine " + engine.address(),
          containers.stream().map(c -> "remove container " + c.name()).toList(), "ok");
    } catch (RuntimeException e) {
      AuditLog.append(options.auditLog(), "down", spec.name(), spec.environment(), "engine " + engine.address(),
          List.of(), "failed: " + e.getMessage());
      throw e;
    }
  }

  @Override
  public StackStatus status(String stack) {
    return StatusReader.read(docker, stack, new Planner(docker).existingContainers(stack));
  }

  /**
   * The health checks the engine kept for each container of {@code stack} (its last five), oldest
   * first, by container name; an empty list for a container without a health check.
   */
  public Map<String, List<HealthProbe>> healthHistory(String stack) {
    return StatusReader.healthHistory(docker, new Planner(docker).existingContainers(stack));
  }

  /**
   * Checks what really runs for {@code spec}'s stack against the policy: {@code docker inspect} of
   * each container and its image (the image's USER and HEALTHCHECK where the definition is silent,
   * ports as really bound), plus runtime state (not running, unhealthy, restarted). Rules the
   * definition accepts are reported as suppressed.
   */
  public PolicyReport audit(StackSpec spec, Policy policy) {
    List<ServiceView> views = new ArrayList<>();
    for (var c : new Planner(docker).existingContainers(spec.name())) {
      String name = spec.services().containsKey(c.service()) && spec.service(c.service()).deploy().replicas() > 1
          ? c.service() + "#" + c.replica() : c.service();
      views.add(AuditViews.of(docker, c.id(), name, Optional.ofNullable(spec.services().get(c.service()))));
    }
    return Linter.check(spec.name(), spec.environment(), "audit", views, policy);
  }

  /**
   * Live CPU and memory use of every container of {@code spec}'s stack (one sample from the stats
   * API, about a second), against each service's limits and reservations, with suggested limits.
   */
  public List<ResourceUsage> resources(StackSpec spec) {
    List<ResourceUsage> usage = new ArrayList<>();
    for (var c : new Planner(docker).existingContainers(spec.name())) {
      Optional<Service> service = Optional.ofNullable(spec.services().get(c.service()));
      Statistics stats = sample(c.id());
      double cpus = 0;
      long memory = 0;
      if (stats != null && stats.getCpuStats() != null && stats.getPreCpuStats() != null) {
        long cpuDelta = value(stats.getCpuStats().getCpuUsage().getTotalUsage()) - value(stats.getPreCpuStats().getCpuUsage().getTotalUsage());
        long systemDelta = value(stats.getCpuStats().getSystemCpuUsage()) - value(stats.getPreCpuStats().getSystemCpuUsage());
        long online = value(stats.getCpuStats().getOnlineCpus());
        cpus = systemDelta > 0 && cpuDelta > 0 ? (double) cpuDelta / systemDelta * Math.max(1, online) : 0;
      }
      if (stats != null && stats.getMemoryStats() != null) {
        memory = value(stats.getMemoryStats().getUsage());
      }
      usage.add(ResourceUsage.measured(c.service(), c.name(), cpus, dev.sentinel.dsl.Size.bytes(memory),
          service.flatMap(s -> s.resources().cpuLimit()), service.flatMap(s -> s.resources().memoryLimit()),
          service.flatMap(s -> s.resources().memoryReservation())));
    }
    return usage;
  }

  private Statistics sample(String containerId) {
    try (var callback = docker.statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
      private volatile Statistics last;

      @Override
      public void onNext(Statistics statistics) {
        last = statistics;
      }

      @Override
      public String toString() {
        return "stats";
      }

      Statistics last() {
        return last;
      }
    })) {
      callback.awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
      return callback.last();
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static long value(Long value) {
    return value == null ? 0 : value;
  }

  /**
   * Sends the last {@code tail} log lines of every container of {@code service} to {@code lines},
   * then, when {@code follow}, new lines until the containers stop or the thread is interrupted.
   */
  public void logs(String stack, String service, int tail, boolean follow, Consumer<String> lines) throws InterruptedException {
    var containers = new Planner(docker).existingContainers(stack).stream().filter(c -> c.service().equals(service)).toList();
    if (containers.isEmpty()) {
      throw new IllegalArgumentException("stack \"" + stack + "\" has no containers of service \"" + service + "\"");
    }
    DockerClient client = follow ? engine.streams() : docker;
    for (var c : containers) {
      String prefix = containers.size() > 1 ? c.name() + " | " : "";
      client.logContainerCmd(c.id()).withStdOut(true).withStdErr(true).withTail(tail).withFollowStream(follow)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(l -> lines.accept(prefix + l));
            }
          }).awaitCompletion();
    }
  }

  /** The services' secret and config files, as volumes of this engine (so a remote engine needs no path of this machine). */
  private EngineFiles engineFiles(StackSpec spec, Map<String, Service> services, ApplyOptions options) {
    Map<String, String> versions = new StateFiles(options.stateDirectory(), spec.name()).secretVersions(spec, services, options.secretStore());
    return new EngineFiles(spec, services, options.secretStore(), versions, this::dataRoot);
  }

  /** The engine's data root: local volumes live under it. */
  private String dataRoot() {
    return java.util.Objects.requireNonNullElse(info.get().getDockerRootDir(), "/var/lib/docker");
  }

  private DetailedPlan detailedPlan(StackSpec spec, Map<String, Service> services, Map<String, Optional<String>> imageIds, ApplyOptions options,
      EngineFiles files) {
    // The versions the files were made with: each is an HMAC of a secret's value, read once per plan.
    ContainerSpecs specs = new ContainerSpecs(spec, options.hostEnvironment()::get, files.sources(), files.secretVersions());
    return new Planner(docker, engine.address()).plan(spec, services, imageIds, specs::of, options.pruneOrphans());
  }

  private static Map<String, String> baseLabels(StackSpec spec, ApplyOptions options) {
    Map<String, String> labels = new LinkedHashMap<>(options.extraLabels());
    labels.put(Labels.STACK, spec.name());
    spec.environment().ifPresent(e -> labels.put(Labels.ENVIRONMENT, e));
    return labels;
  }

  private void audit(String operation, StackSpec spec, ApplyOptions options, Plan plan, String result) {
    List<String> actions = plan == null ? List.of() : plan.changes().stream()
        .map(a -> a.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + a.type().name().toLowerCase(java.util.Locale.ROOT) + " " + a.name())
        .toList();
    AuditLog.append(options.auditLog(), operation, spec.name(), spec.environment(), "engine " + engine.address(), actions, result);
  }
}
