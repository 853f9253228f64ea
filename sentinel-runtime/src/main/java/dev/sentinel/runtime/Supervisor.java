package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.runtime.internal.AuditLog;
import dev.sentinel.runtime.internal.Labels;
import dev.sentinel.runtime.internal.StackLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a stack's containers that stay unhealthy (a single engine does not: only a Swarm acts
 * on health). A container unhealthy for {@code unhealthyFor} is restarted, then not again before
 * a back-off that doubles per container up to {@code maxBackoff}; each restart is a line in the
 * audit log. It never fights an apply or down: it restarts only while it can take the stack's lock
 * at once, else it tries again at the next check. It reads the engine every {@code checkEvery}
 * (a listing filtered to unhealthy containers) instead of following the event stream, so an engine
 * restart or a dropped stream cannot make it miss a container; what it remembers is only about
 * containers that exist, so a long-running supervisor does not grow.
 *
 * <pre>{@code
 * try (Supervisor supervisor = Supervisor.start(engine, "shop", Supervisor.Options.defaults())) {
 *   Thread.sleep(Long.MAX_VALUE);
 * }
 * }</pre>
 */
public final class Supervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  /**
   * How the supervisor acts.
   *
   * @param unhealthyFor how long a container must stay unhealthy before it is restarted
   * @param checkEvery how often the engine is read
   * @param maxBackoff the longest wait between two restarts of one container (the first is {@code unhealthyFor})
   * @param auditLog the JSON-lines audit file each restart is appended to
   * @param listener told of each restart (a {@link ProgressEvent.Starting} and a {@link ProgressEvent.Started})
   */
  public record Options(Duration unhealthyFor, Duration checkEvery, Duration maxBackoff, Path auditLog, ProgressListener listener) {
    public Options {
      checkArgument(!unhealthyFor.isNegative(), "unhealthyFor must not be negative, got %s", unhealthyFor);
      checkArgument(!checkEvery.isNegative() && !checkEvery.isZero(), "checkEvery must be positive, got %s", checkEvery);
      checkArgument(maxBackoff.compareTo(unhealthyFor) >= 0, "maxBackoff (%s) must be at least unhealthyFor (%s)", maxBackoff, unhealthyFor);
      checkNotNull(auditLog, "auditLog");
      checkNotNull(listener, "listener");
    }

    /** Unhealthy for 30 s, a check every 5 s, back-off up to 10 minutes, the default audit log. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10),
          ApplyOptions.defaults().auditLog(), ProgressListener.NONE);
    }

    public Options withUnhealthyFor(Duration unhealthyFor) {
      return new Options(unhealthyFor, checkEvery, maxBackoff.compareTo(unhealthyFor) >= 0 ? maxBackoff : unhealthyFor, auditLog, listener);
    }

    public Options withCheckEvery(Duration checkEvery) {
      return new Options(unhealthyFor, checkEvery, maxBackoff, auditLog, listener);
    }

    public Options withAuditLog(Path auditLog) {
      return new Options(unhealthyFor, checkEvery, maxBackoff, auditLog, listener);
    }

    public Options withListener(ProgressListener listener) {
      return new Options(unhealthyFor, checkEvery, maxBackoff, auditLog, listener);
    }
  }

  /** What the supervisor knows of one container: since when it is unhealthy, and when it may be restarted again. */
  private static final class Watched {
    Instant unhealthySince;
    Instant notBefore = Instant.MIN;
    Duration backoff;
  }

  private final Engine engine;
  private final DockerClient docker;
  private final String stack;
  private final Options options;
  private final Map<String, Watched> watched = new HashMap<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final ScheduledExecutorService timer;

  private Supervisor(Engine engine, String stack, Options options) {
    this.engine = engine;
    this.docker = engine.requests();
    this.stack = stack;
    this.options = options;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sentinel-supervise-" + stack);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts supervising {@code stack} on {@code engine} in a background thread, until {@link #close}. */
  public static Supervisor start(Engine engine, String stack, Options options) {
    Supervisor supervisor = new Supervisor(checkNotNull(engine, "engine"), checkNotNull(stack, "stack"), checkNotNull(options, "options"));
    supervisor.timer.scheduleWithFixedDelay(supervisor::checkSafely, 0, options.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    return supervisor;
  }

  /** How many containers it keeps a record of (unhealthy now, or restarted and still existing): for the soak test. */
  synchronized int watchedContainers() {
    return watched.size();
  }

  /** How many restarts it made so far. */
  public int restarts() {
    return restarts.get();
  }

  private void checkSafely() {
    try {
      check(Instant.now());
    } catch (RuntimeException e) {
      log.warn("supervising stack {}: {}", stack, e.toString()); // the engine may be away: try again next time
    }
  }

  private synchronized void check(Instant now) {
    List<Container> unhealthy = docker.listContainersCmd().withLabelFilter(Map.of(Labels.STACK, stack))
        .withFilter("health", List.of("unhealthy")).exec();
    Set<String> seen = new HashSet<>();
    for (Container c : unhealthy) {
      seen.add(c.getId());
      Watched w = watched.computeIfAbsent(c.getId(), id -> new Watched());
      if (w.unhealthySince == null) {
        w.unhealthySince = now;
      }
      Duration unhealthyFor = Duration.between(w.unhealthySince, now);
      if (unhealthyFor.compareTo(options.unhealthyFor()) >= 0 && !now.isBefore(w.notBefore)) {
        restart(c, w, unhealthyFor, now);
      }
    }
    // Healthy again: the back-off stays (a flapping container is not restarted faster); gone: forgotten.
    watched.forEach((id, w) -> {
      if (!seen.contains(id)) {
        w.unhealthySince = null;
      }
    });
    if (watched.size() > seen.size()) {
      Set<String> existing = new HashSet<>();
      docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.STACK, stack)).exec().forEach(c -> existing.add(c.getId()));
      watched.keySet().retainAll(existing);
    }
  }

  private void restart(Container c, Watched w, Duration unhealthyFor, Instant now) {
    String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
    String service = c.getLabels() == null ? "" : c.getLabels().getOrDefault(Labels.SERVICE, "");
    StackLock lock;
    try {
      lock = StackLock.acquire(engine.address().toString(), stack, Duration.ZERO);
    } catch (StackLockedException busy) {
      return; // an apply or down runs: it decides; look again next time
    }
    try (lock) {
      options.listener().on(new ProgressEvent.Starting(service, name));
      docker.restartContainerCmd(c.getId()).withTimeout(10).exec();
      options.listener().on(new ProgressEvent.Started(service, name));
    } catch (NotFoundException gone) {
      return;
    }
    w.backoff = w.backoff == null ? options.unhealthyFor() : min(w.backoff.multipliedBy(2), options.maxBackoff());
    w.notBefore = now.plus(w.backoff);
    w.unhealthySince = null;
    int count = restarts.incrementAndGet();
    AuditLog.append(options.auditLog(), "supervise", stack, Optional.empty(), "engine " + engine.address(),
        List.of("restart container " + name + " (unhealthy for " + unhealthyFor.toSeconds() + "s; not again before "
            + w.backoff.toSeconds() + "s)"), "ok");
    log.info("restarted {} of stack {} (unhealthy for {}s; restart {} by this supervisor)", name, stack, unhealthyFor.toSeconds(), count);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
