package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for containers of one stack to become healthy or to exit, driven by the engine's event
 * stream ({@code health_status}, {@code die}), so a dependent starts the moment its dependency is
 * ready. The stream starts from just before the subscription, so events that arrive while it
 * connects are not lost; a waiter also inspects the container when it registers, and every 10 s
 * while it waits, in case the stream breaks.
 */
public final class ContainerEvents implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ContainerEvents.class);

  /** Why a wait failed, in words, e.g. {@code turned unhealthy}. */
  public static final class WaitFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String containerId;

    WaitFailed(String containerId, String reason) {
      super(reason, null, false, false);
      this.containerId = containerId;
    }

    public String containerId() {
      return containerId;
    }
  }

  /** How close to the engine's own next health check a probe of Sentinel's is not worth its exec. */
  static final Duration ENGINE_CHECK_SOON = Duration.ofMillis(500);

  private enum Goal { HEALTHY, EXITED }

  private record Waiter(Goal goal, CompletableFuture<Integer> future) {}

  private final DockerClient requests;
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final ResultCallback.Adapter<Event> subscription;
  private final ScheduledExecutorService fallback;
  private final ScheduledExecutorService probes;
  private volatile boolean closing;
  private volatile boolean lost;
  private final java.util.concurrent.CountDownLatch streamEnd = new java.util.concurrent.CountDownLatch(1);

  public ContainerEvents(DockerClient streams, DockerClient requests, String stack) {
    this(streams, requests, stack, Duration.ofSeconds(10));
  }

  /** With the waits re-checked by inspection every {@code recheckEvery} (tests: long, so only the stream can end a wait). */
  ContainerEvents(DockerClient streams, DockerClient requests, String stack, Duration recheckEvery) {
    this.requests = requests;
    this.subscription = streams.eventsCmd()
        .withSince(Long.toString(Instant.now().getEpochSecond() - 1))
        .withEventTypeFilter(EventType.CONTAINER)
        // Only what a wait reads: every health check also sends exec_create, exec_start and
        // exec_die, three events a second for each container checked every second. The engine
        // matches health_status by prefix ("health_status: healthy").
        .withEventFilter("die", "health_status")
        .withLabelFilter(Map.of(Labels.STACK, stack))
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Event event) {
            handle(event);
          }

          @Override
          public void onError(Throwable error) {
            streamEnded(error);
          }

          @Override
          public void onComplete() {
            streamEnded(null);
          }
        });
    this.fallback = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sentinel-wait-" + stack);
      t.setDaemon(true);
      return t;
    });
    fallback.scheduleWithFixedDelay(this::recheckAll, recheckEvery.toMillis(), recheckEvery.toMillis(), TimeUnit.MILLISECONDS);
    this.probes = Executors.newScheduledThreadPool(4, r -> {
      Thread t = new Thread(r, "sentinel-probe-" + stack);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Completes as soon as the container's own health test passes when Sentinel runs it in the
   * container: the engine runs its first check only one interval after the start (engines before 25
   * ignore {@code start_interval}), and a dependent need not wait for that schedule. Never fails;
   * probes with backoff (100 ms doubling to 1 s), one at a time, until it passes or {@code until}
   * is done (the engine has answered). A probe due less than {@link #ENGINE_CHECK_SOON} before the
   * engine's own next check is left out: the engine's answer comes about as soon, and on a busy
   * engine each exec slows the starts under way (measured on 2 CPUs: ten containers checked every
   * second keep 1.2 CPUs busy, and a cold {@code up} of the bench stack keeps both CPUs 90 % busy;
   * probing only in the first half of each 1 s interval took its median from 10.9 to 10.65 s).
   */
  public CompletableFuture<Void> probedHealthy(String containerId, CompletableFuture<?> until) {
    CompletableFuture<Void> passed = new CompletableFuture<>();
    HealthProbe.of(requests, containerId).ifPresent(probe -> scheduleProbe(probe, passed, until, 100));
    return passed;
  }

  private void scheduleProbe(HealthProbe probe, CompletableFuture<Void> passed, CompletableFuture<?> until, long delayMillis) {
    if (until.isDone() || probes.isShutdown()) {
      return;
    }
    try {
      probes.schedule(() -> {
        if (until.isDone()) {
          return;
        }
        if (!probe.engineChecksWithin(ENGINE_CHECK_SOON, Instant.now()) && probe.passes()) {
          passed.complete(null);
        } else {
          scheduleProbe(probe, passed, until, Math.min(1000, delayMillis * 2));
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the wait is over
    }
  }

  /**
   * Whether the event stream ended before {@link #close}: the engine went away (stopped, restarted,
   * or its socket broke). Every wait then fails, and containers that died meanwhile died with it.
   */
  public boolean engineLost() {
    return lost;
  }

  /**
   * Whether the event stream ends within {@code grace}. An engine that shuts down kills its
   * containers first and drops the stream after: a container that just died may be the first sign.
   */
  public boolean engineLostWithin(Duration grace) {
    try {
      return streamEnd.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return lost;
    }
  }

  private void streamEnded(Throwable error) {
    if (closing) {
      return;
    }
    lost = true;
    streamEnd.countDown();
    log.debug("the engine's event stream ended", error);
    waiters.forEach((id, list) -> list.forEach(w -> w.future.completeExceptionally(new WaitFailed(id, "lost the engine while waiting"))));
  }

  /** Completes when the container is healthy; fails if it turns unhealthy or exits first. */
  public CompletableFuture<Void> healthy(String containerId) {
    return register(containerId, Goal.HEALTHY).thenApply(code -> null);
  }

  /** Completes with the exit code when the container exits. */
  public CompletableFuture<Integer> exited(String containerId) {
    return register(containerId, Goal.EXITED);
  }

  private CompletableFuture<Integer> register(String id, Goal goal) {
    Waiter waiter = new Waiter(goal, new CompletableFuture<>());
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
    waiter.future.whenComplete((v, e) -> waiters.getOrDefault(id, List.of()).remove(waiter));
    if (lost) {
      waiter.future.completeExceptionally(new WaitFailed(id, "lost the engine while waiting"));
    }
    recheck(id, waiter);
    return waiter.future;
  }

  private void handle(Event event) {
    String id = event.getId();
    String action = event.getAction() == null ? event.getStatus() : event.getAction();
    if (id == null || action == null) {
      return;
    }
    for (Waiter w : waiters.getOrDefault(id, List.of())) {
      if (action.equals("die")) {
        Integer code = exitCode(event);
        if (w.goal == Goal.EXITED) {
          w.future.complete(code);
        } else {
          w.future.completeExceptionally(new WaitFailed(id, "exited" + (code == null ? "" : " with code " + code) + " before it became healthy"));
        }
      } else if (w.goal == Goal.HEALTHY && action.startsWith("health_status")) {
        if (action.endsWith("unhealthy")) {
          w.future.completeExceptionally(new WaitFailed(id, "turned unhealthy"));
        } else if (action.endsWith("healthy")) {
          w.future.complete(0);
        }
      }
    }
  }

  private static Integer exitCode(Event event) {
    try {
      Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
      return attributes == null || attributes.get("exitCode") == null ? null : Integer.valueOf(attributes.get("exitCode"));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void recheckAll() {
    waiters.forEach((id, list) -> list.forEach(w -> recheck(id, w)));
  }

  private void recheck(String id, Waiter w) {
    try {
      // A JSON tree (see EngineJson): each container an up waits for is re-checked once at least.
      Optional<JsonNode> inspected = EngineJson.container(requests, id);
      if (inspected.isEmpty()) {
        w.future.completeExceptionally(new WaitFailed(id, "was removed while Sentinel waited for it"));
        return;
      }
      JsonNode state = inspected.get().path("State");
      String status = state.path("Status").asText("");
      boolean stopped = "exited".equals(status) || "dead".equals(status);
      Integer code = state.path("ExitCode").isIntegralNumber() ? state.path("ExitCode").asInt() : null;
      if (w.goal == Goal.EXITED && stopped) {
        w.future.complete(code);
      } else if (w.goal == Goal.HEALTHY) {
        String health = state.path("Health").path("Status").asText("");
        if ("healthy".equals(health) && "running".equals(status)) {
          w.future.complete(0);
        } else if ("unhealthy".equals(health)) {
          w.future.completeExceptionally(new WaitFailed(id, "turned unhealthy"));
        } else if (stopped) {
          w.future.completeExceptionally(new WaitFailed(id, "exited with code " + code + " before it became healthy"));
        }
      }
    } catch (RuntimeException e) {
      log.debug("re-checking container {} failed", id, e);
    }
  }

  @Override
  public void close() {
    closing = true;
    fallback.shutdownNow();
    probes.shutdownNow();
    try {
      subscription.close();
    } catch (IOException e) {
      log.debug("closing the event stream failed", e);
    }
  }
}
