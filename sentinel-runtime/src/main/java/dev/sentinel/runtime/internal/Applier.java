package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.EngineErrors;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.PlannedAction;
import dev.sentinel.runtime.PlannedAction.Kind;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.ServiceFailure;
import dev.sentinel.runtime.internal.DetailedPlan.ContainerAction;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out a {@link DetailedPlan}: networks and volumes first, orphan containers out, then each
 * service once the services it depends on reached their condition, independent services in
 * parallel (bounded). A failed service stops its dependents from starting; services that became
 * ready stay up. A recreated service whose new containers fail goes back to its previous ones
 * ({@link PreviousContainers}) unless rollback is off.
 */
public final class Applier {
  /** How long a failure waits to see whether the engine itself is going away (see {@link ContainerEvents#engineLostWithin}). */
  private static final java.time.Duration ENGINE_STOP_GRACE = java.time.Duration.ofSeconds(2);

  private final DockerClient docker;
  private final DockerClient streams;
  private final java.net.URI engineAddress;
  private final ApplyOptions options;
  /** Readiness waits poll and block; they get threads of their own so they never hold up starts. */
  private final ExecutorService readinessWaits = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sentinel-readiness");
    t.setDaemon(true);
    return t;
  });

  private final EngineFiles files;
  private final java.util.function.Supplier<Integer> engineCpus;

  /**
   * @param files the services' secret and config files, put into their volumes before a container that mounts them is created
   * @param engineCpus the engine host's CPU count ({@code docker info}'s {@code NCPU}; null when it does not say): sizes the start slots
   */
  public Applier(DockerClient docker, DockerClient streams, java.net.URI engineAddress, ApplyOptions options, EngineFiles files,
      java.util.function.Supplier<Integer> engineCpus) {
    this.docker = docker;
    this.streams = streams;
    this.engineAddress = engineAddress;
    this.options = options;
    this.files = files;
    this.engineCpus = engineCpus;
  }

  /** A service could not start because one it depends on failed. */
  private static final class DependencyFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DependencyFailed(String dependency) {
      super("dependency \"" + dependency + "\" failed", null, false, false);
    }
  }

  /** A service failed; carries the diagnostics. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ServiceFailure failure;

    Failed(ServiceFailure failure) {
      super(failure.reason(), null, false, false);
      this.failure = failure;
    }
  }

  /** The futures a service's dependents can wait on, made on first use. */
  private final class Run {
    final Service service;
    /** How many services the longest chain waiting on this one holds: its place in line for a start slot. */
    final int chain;
    final PreviousContainers previous;
    final CompletableFuture<List<String>> started = new CompletableFuture<>();
    private CompletableFuture<Void> healthy;
    private CompletableFuture<Void> healthyForDependents;
    private CompletableFuture<Void> completed;
    private CompletableFuture<Void> readinessMet;

    Run(Service service, int chain) {
      this.service = service;
      this.chain = chain;
      this.previous = new PreviousContainers(docker, service, options.listener());
    }

    synchronized CompletableFuture<Void> healthy(ContainerEvents events) {
      if (healthy == null) {
        healthy = started.thenCompose(ids -> all(ids, id -> events.healthy(id)
            .exceptionallyCompose(e -> failed(id, "did not become healthy: " + unwrap(e).getMessage())))
            .orTimeout(options.serviceTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .exceptionallyCompose(e -> unwrap(e) instanceof TimeoutException
                ? failed(ids.get(0), "did not become healthy within " + options.serviceTimeout().toSeconds() + "s")
                : CompletableFuture.failedFuture(unwrap(e))));
      }
      return healthy;
    }

    /**
     * What a dependent waits for: the engine's healthy, or the service's own health test passing
     * when Sentinel runs it, whichever comes first (only the engine's with {@code engineHealthOnly}). The apply itself still ends on the engine's
     * healthy ({@link #healthy}), so status and inspect agree with it when it returns.
     */
    synchronized CompletableFuture<Void> healthyForDependents(ContainerEvents events) {
      if (healthyForDependents == null) {
        // Failures come from the engine's side only: a probe that does not pass just waits.
        CompletableFuture<Void> engine = healthy(events);
        CompletableFuture<Void> firstHealthy = engine;
        if (!options.engineHealthOnly()) {
          CompletableFuture<Void> probed = started.thenCompose(ids -> all(ids, id -> events.probedHealthy(id, engine)));
          firstHealthy = engine.applyToEither(probed, v -> v);
        }
        // A dependent waiting for "healthy" needs the service ready: its readiness conditions hold too.
        healthyForDependents = readinessMet(firstHealthy);
      }
      return healthyForDependents;
    }

    /**
     * The service's {@linkplain Service#readiness() readiness conditions} met by every container,
     * checked once, after {@code after} (the first caller's: dependents may see health earlier than
     * the engine reports it).
     */
    synchronized CompletableFuture<Void> readinessMet(CompletableFuture<Void> after) {
      if (service.lifecycle().readiness().isEmpty()) {
        return after;
      }
      if (readinessMet == null) {
        readinessMet = after.thenCompose(v -> started).thenCompose(ids -> all(ids, id -> CompletableFuture
            .supplyAsync(() -> awaitReadiness(id), readinessWaits)
            .thenCompose(notReady -> notReady.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : failed(id, notReady.get()))));
      }
      return readinessMet;
    }

    private Optional<String> awaitReadiness(String containerId) {
      try {
        return ReadinessWait.await(docker, streams, engineAddress, containerId, service.lifecycle().readiness(), options.serviceTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("was not ready: interrupted while waiting");
      }
    }

    synchronized CompletableFuture<Void> completed(ContainerEvents events) {
      if (completed == null) {
        completed = started.thenCompose(ids -> all(ids, id -> events.exited(id).thenCompose(code -> code != null && code == 0
            ? CompletableFuture.completedFuture(null)
            : failed(id, "exited with code " + code + " instead of completing successfully")))
            .orTimeout(options.serviceTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .exceptionallyCompose(e -> unwrap(e) instanceof TimeoutException
                ? failed(ids.get(0), "did not complete within " + options.serviceTimeout().toSeconds() + "s")
                : CompletableFuture.failedFuture(unwrap(e))));
      }
      return completed;
    }

    CompletableFuture<Void> failed(String containerId, String reason) {
      options.listener().on(new ProgressEvent.Failed(service.name(), reason));
      return CompletableFuture.failedFuture(new Failed(Diagnostics.failure(docker, service.name(), Optional.of(containerId), reason)));
    }
  }

  /**
   * Applies {@code plan}.
   *
   * @throws ApplyException when a service fails or the apply runs out of time
   */
  public void apply(DetailedPlan plan, Map<String, String> baseLabels) {
    StackSpec spec = plan.spec();
    // Asked while networks and volumes are made, and only if a container starts: it sizes the start slots.
    boolean anyStart = plan.containers().stream().anyMatch(a -> a.kind() != Kind.UNCHANGED);
    CompletableFuture<Integer> cpus = anyStart ? CompletableFuture.supplyAsync(this::engineCpuCount, readinessWaits)
        : CompletableFuture.completedFuture(1);
    removeChangedNetworks(plan);
    createResources(plan, spec, baseLabels);
    for (ExistingContainer orphan : plan.removals()) {
      Containers.stopAndRemove(docker, orphan.id(), 10);
      options.listener().on(new ProgressEvent.Removed(Optional.of(orphan.service()), orphan.name()));
    }
    Map<String, List<ContainerAction>> byService = new LinkedHashMap<>();
    plan.containers().forEach(a -> byService.computeIfAbsent(a.service(), k -> new ArrayList<>()).add(a));
    Map<String, Boolean> changed = new HashMap<>();
    byService.forEach((s, actions) -> changed.put(s, actions.stream().anyMatch(a -> a.kind() == Kind.CREATE || a.kind() == Kind.RECREATE)));

    Map<String, Integer> chains = StartOrder.dependentChains(plan.services());
    Map<String, Run> runs = new LinkedHashMap<>();
    plan.services().values().forEach(s -> runs.put(s.name(), new Run(s, chains.get(s.name()))));
    StartSlots slots = new StartSlots(StartSlots.forEngineCpus(cpus.join()));
    ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
      Thread t = new Thread(r, "sentinel-apply-" + spec.name());
      t.setDaemon(true);
      return t;
    });
    List<String> awaitedToComplete = new ArrayList<>();
    plan.services().values().forEach(s -> s.lifecycle().dependsOn().values().stream()
        .filter(d -> d.condition() == Dependency.Condition.COMPLETED_SUCCESSFULLY).forEach(d -> awaitedToComplete.add(d.service())));
    try (ContainerEvents events = new ContainerEvents(streams, docker, spec.name())) {
      // Longest chain first: the services the rest waits on are the first handed to the pool.
      for (Run run : runs.values().stream().sorted(java.util.Comparator.comparingInt((Run r) -> r.chain).reversed()).toList()) {
        List<CompletableFuture<?>> deps = new ArrayList<>();
        for (Dependency d : run.service.lifecycle().dependsOn().values()) {
          Run dep = runs.get(d.service());
          if (dep == null) {
            if (!d.required()) {
              options.listener().on(new ProgressEvent.StartingWithout(run.service.name(), d.service(), "it is not part of this run (profiles)"));
            }
            continue; // disabled by profile: Compose starts without it too
          }
          options.listener().on(new ProgressEvent.Waiting(run.service.name(), d.service(), d.condition().composeName()));
          CompletableFuture<?> reached = switch (d.condition()) {
            case STARTED -> dep.started;
            case HEALTHY -> dep.healthyForDependents(events);
            case COMPLETED_SUCCESSFULLY -> dep.completed(events);
          };
          deps.add(d.required() ? reached.exceptionallyCompose(e -> CompletableFuture.failedFuture(new DependencyFailed(d.service())))
              : reached.handle((ok, e) -> {
                if (e != null) {
                  options.listener().on(new ProgressEvent.StartingWithout(run.service.name(), d.service(), String.valueOf(unwrap(e).getMessage())));
                }
                return null;
              }));
        }
        // Links and volumes_from are implicit "started" dependencies, as in Compose.
        for (String implicit : run.service.implicitDependencies()) {
          Run linked = runs.get(implicit);
          if (linked != null && !run.service.lifecycle().dependsOn().containsKey(implicit)) {
            deps.add(linked.started.exceptionallyCompose(e -> CompletableFuture.failedFuture(new DependencyFailed(implicit))));
          }
        }
        boolean restartForDependency = run.service.lifecycle().dependsOn().values().stream()
            .anyMatch(d -> d.restart() && changed.getOrDefault(d.service(), false));
        CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
            .thenApplyAsync(v -> start(run, byService.getOrDefault(run.service.name(), List.of()), baseLabels, restartForDependency, slots), pool)
            .whenComplete((ids, e) -> {
              if (e != null) {
                run.started.completeExceptionally(unwrap(e));
              } else {
                run.started.complete(ids);
              }
            });
      }
      Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
      Map<String, String> rolledBack = new java.util.concurrent.ConcurrentHashMap<>();
      runs.values().forEach(run -> ready.put(run.service.name(),
          readiness(run, events, awaitedToComplete.contains(run.service.name())).handleAsync((v, e) -> settle(run, e, events, rolledBack), pool)));
      try {
        awaitAll(spec.name(), ready, rolledBack);
      } catch (RuntimeException e) {
        if (events.engineLostWithin(ENGINE_STOP_GRACE)) {
          throw new EngineLost(e);
        }
        throw e;
      }
    } finally {
      pool.shutdownNow();
      readinessWaits.shutdownNow();
    }
  }

  private CompletableFuture<Void> readiness(Run run, ContainerEvents events, boolean runsToCompletion) {
    CompletableFuture<Void> reached = run.service.lifecycle().hasHealthCheck() ? run.healthy(events)
        : runsToCompletion ? run.completed(events) : run.started.thenApply(ids -> null);
    CompletableFuture<Void> ready = run.service.lifecycle().readiness().isEmpty() ? reached
        : reached.thenCombine(run.readinessMet(reached), (a, b) -> null);
    String state = (run.service.lifecycle().hasHealthCheck() ? "healthy" : runsToCompletion ? "completed" : "running")
        + (run.service.lifecycle().readiness().isEmpty() ? "" : " and ready: " + String.join("; ", run.service.lifecycle().readiness().stream()
            .map(dev.sentinel.dsl.Readiness::describe).toList()));
    return ready.thenRun(() -> options.listener().on(new ProgressEvent.Ready(run.service.name(), state)));
  }

  /**
   * Once a service is ready, removes the containers its new ones replaced; once it failed (not for
   * a failed dependency: then it was never touched), puts them back.
   */
  private Void settle(Run run, Throwable failure, ContainerEvents events, Map<String, String> rolledBack) {
    if (failure == null) {
      run.previous.discard();
      return null;
    }
    Throwable cause = unwrap(failure);
    // Not when the engine went away: the new containers died with it, not of their own fault.
    if (!(cause instanceof DependencyFailed) && options.rollback() && run.previous.any() && !events.engineLostWithin(ENGINE_STOP_GRACE)) {
      String outcome;
      try {
        outcome = run.previous.restore(events, options.serviceTimeout());
      } catch (RuntimeException e) {
        // Keep the service's own failure (with its diagnostics) as what the apply reports.
        outcome = "rollback failed: " + e.getMessage();
      }
      rolledBack.put(run.service.name(), outcome);
      options.listener().on(new ProgressEvent.RolledBack(run.service.name(), outcome));
    }
    throw new CompletionException(cause);
  }

  private void awaitAll(String stack, Map<String, CompletableFuture<Void>> ready, Map<String, String> rolledBack) {
    CompletableFuture<Void> all = CompletableFuture.allOf(ready.values().stream()
        .map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
    try {
      all.get(options.applyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // reported per service below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    List<ServiceFailure> failures = new ArrayList<>();
    List<String> notStarted = new ArrayList<>();
    ready.forEach((service, f) -> {
      if (!f.isDone()) {
        failures.add(new ServiceFailure(service, Optional.empty(), "was not ready when the apply timed out after "
            + options.applyTimeout().toSeconds() + "s", "unknown", Optional.empty(), List.of()));
        return;
      }
      try {
        f.join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof Failed failed) {
          failures.add(failed.failure);
        } else if (cause instanceof DependencyFailed) {
          notStarted.add(service);
        } else {
          failures.add(new ServiceFailure(service, Optional.empty(), "could not be started: " + EngineErrors.describe(cause), "unknown", Optional.empty(), List.of()));
        }
      }
    });
    if (!failures.isEmpty() || !notStarted.isEmpty()) {
      throw new ApplyException(stack, failures, notStarted, new java.util.TreeMap<>(rolledBack));
    }
  }

  private List<String> start(Run run, List<ContainerAction> actions, Map<String, String> baseLabels, boolean restartForDependency,
      StartSlots slots) {
    Service service = run.service;
    List<String> ids = new ArrayList<>();
    actions.stream().filter(a -> a.kind() == Kind.CREATE || a.kind() == Kind.RECREATE).findFirst().ifPresent(a ->
        files.fill(docker, new EngineClients(engineAddress, docker, streams), service.name(), a.spec().imageId(), baseLabels));
    for (ContainerAction a : actions) {
      switch (a.kind()) {
        case CREATE, RECREATE -> {
          if (options.rollback()) {
            a.existingId().ifPresent(id -> run.previous.setAside(id, a.spec()));
          } else {
            a.existingId().ifPresent(id -> Containers.stopAndRemove(docker, id, PreviousContainers.graceSeconds(service)));
          }
          String id;
          try (StartSlots.Slot slot = take(run, slots)) {
            options.listener().on(new ProgressEvent.Creating(Optional.of(service.name()), a.name()));
            id = ContainerRequests.create(docker, a.spec(), a.name(), labels(a, baseLabels),
                warning -> options.listener().on(new ProgressEvent.EngineWarning(service.name(), a.name(), warning)));
            run.previous.created(id);
            startContainer(service, a.name(), id);
          }
          postStart(service, a, id);
          ids.add(id);
        }
        case START -> {
          try (StartSlots.Slot slot = take(run, slots)) {
            startContainer(service, a.name(), a.existingId().orElseThrow());
          }
          postStart(service, a, a.existingId().get());
          ids.add(a.existingId().get());
        }
        default -> {
          String id = a.existingId().orElseThrow();
          if (restartForDependency) {
            try (StartSlots.Slot slot = take(run, slots)) {
              options.listener().on(new ProgressEvent.Starting(service.name(), a.name()));
              docker.restartContainerCmd(id).exec();
            }
            postStart(service, a, id);
          }
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** The labels of the container {@code a} creates: the service's own, the stack's, and Sentinel's bookkeeping. */
  public static Map<String, String> labels(ContainerAction a, Map<String, String> baseLabels) {
    Map<String, String> labels = new LinkedHashMap<>(a.spec().labels());
    labels.putAll(baseLabels);
    labels.put(Labels.SERVICE, a.service());
    labels.put(Labels.REPLICA, Integer.toString(a.replica()));
    labels.put(Labels.CONFIG_HASH, a.hash());
    labels.put(Labels.SPEC, a.specJson());
    return labels;
  }

  /** Runs the container's post_start hooks; a failing one stops it (as Compose does) and fails the service. */
  private void postStart(Service service, ContainerAction a, String id) {
    if (a.spec().lifecycle().postStart() == null) {
      return;
    }
    try {
      Hooks.postStart(docker, id, a.spec().lifecycle().postStart(), options.serviceTimeout());
    } catch (Hooks.HookFailed e) {
      options.listener().on(new ProgressEvent.Failed(service.name(), a.name() + ": " + e.getMessage()));
      Containers.stopWithoutHooks(docker, id, PreviousContainers.graceSeconds(service));
      throw new Failed(Diagnostics.failure(docker, service.name(), Optional.of(id), e.getMessage()));
    }
  }

  private void startContainer(Service service, String name, String id) {
    options.listener().on(new ProgressEvent.Starting(service.name(), name));
    try {
      docker.startContainerCmd(id).exec();
      options.listener().on(new ProgressEvent.Started(service.name(), name));
    } catch (NotModifiedException alreadyRunning) {
      // started meanwhile by its restart policy
    } catch (RuntimeException e) {
      options.listener().on(new ProgressEvent.Failed(service.name(), "could not start: " + EngineErrors.describe(e)));
      throw new Failed(Diagnostics.failure(docker, service.name(), Optional.of(id), "could not start: " + EngineErrors.describe(e)));
    }
  }

  /** A start slot for {@code run}, its container created and started in it (see {@link StartSlots}). */
  private static StartSlots.Slot take(Run run, StartSlots slots) {
    try {
      return slots.take(run.chain);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the apply ended before " + run.service.name() + " could start", e);
    }
  }

  /** The engine host's CPU count, 2 when it does not say. */
  private int engineCpuCount() {
    try {
      Integer cpus = engineCpus.get();
      return cpus == null || cpus < 1 ? 2 : cpus;
    } catch (RuntimeException e) {
      return 2;
    }
  }

  /**
   * Removes each network to be recreated, after the stack's containers on it (the plan recreates
   * them); any other container on it makes the apply fail before anything is removed.
   */
  private void removeChangedNetworks(DetailedPlan plan) {
    List<PlannedAction> changed = plan.networks().stream().filter(a -> a.kind() == Kind.RECREATE).toList();
    Map<String, ContainerAction> recreatedById = new HashMap<>();
    plan.containers().stream().filter(c -> c.kind() == Kind.RECREATE && c.existingId().isPresent())
        .forEach(c -> recreatedById.put(c.existingId().get(), c));
    Map<String, List<String>> attached = new LinkedHashMap<>();
    for (PlannedAction a : changed) {
      var containers = docker.inspectNetworkCmd().withNetworkId(a.name()).exec().getContainers();
      List<String> ids = new ArrayList<>(containers == null ? List.of() : containers.keySet());
      List<String> foreign = ids.stream().filter(id -> !recreatedById.containsKey(id)).toList();
      if (!foreign.isEmpty()) {
        throw new IllegalStateException("network " + a.name() + " must be recreated (" + String.join(", ", a.changes())
            + " changed), but containers that are not the stack's use it: " + String.join(", ", foreign));
      }
      attached.put(a.name(), ids);
    }
    attached.forEach((network, ids) -> {
      for (String id : ids) {
        ContainerAction c = recreatedById.get(id);
        Containers.stopAndRemove(docker, id, PreviousContainers.graceSeconds(plan.services().get(c.service())));
        options.listener().on(new ProgressEvent.Removed(Optional.of(c.service()), c.name()));
      }
      docker.removeNetworkCmd(network).exec();
      options.listener().on(new ProgressEvent.Removed(Optional.empty(), "network " + network));
    });
  }

  private void createResources(DetailedPlan plan, StackSpec spec, Map<String, String> baseLabels) {
    Map<String, Network> networks = new HashMap<>();
    spec.networks().values().forEach(n -> networks.put(n.engineName(spec.name()), n));
    for (PlannedAction a : plan.networks()) {
      if (a.kind() == Kind.CREATE || a.kind() == Kind.RECREATE) {
        Network n = networks.get(a.name());
        options.listener().on(new ProgressEvent.Creating(Optional.empty(), "network " + a.name()));
        NetworkMapping.create(docker, a.name(), n, NetworkMapping.labels(n, baseLabels));
      } else if (a.kind() == Kind.REMOVE) {
        docker.removeNetworkCmd(a.name()).exec();
        options.listener().on(new ProgressEvent.Removed(Optional.empty(), "network " + a.name()));
      }
    }
    Map<String, Volume> volumes = new HashMap<>();
    spec.volumes().values().forEach(v -> volumes.put(v.engineName(spec.name()), v));
    for (PlannedAction a : plan.volumes()) {
      if (a.kind() == Kind.CREATE) {
        Volume v = volumes.get(a.name());
        Map<String, String> labels = new LinkedHashMap<>(v.labels());
        labels.putAll(baseLabels);
        labels.put(Labels.VOLUME, v.name());
        options.listener().on(new ProgressEvent.Creating(Optional.empty(), "volume " + a.name()));
        docker.createVolumeCmd().withName(a.name()).withLabels(labels).withDriver(v.driver().orElse("local"))
            .withDriverOpts(v.driverOptions()).exec();
      } else if (a.kind() == Kind.REMOVE) {
        docker.removeVolumeCmd(a.name()).exec();
        options.listener().on(new ProgressEvent.Removed(Optional.empty(), "volume " + a.name()));
      }
    }
  }

  private static <T> CompletableFuture<Void> all(List<String> ids, java.util.function.Function<String, CompletableFuture<T>> each) {
    return CompletableFuture.allOf(ids.stream().map(each).toArray(CompletableFuture[]::new));
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
