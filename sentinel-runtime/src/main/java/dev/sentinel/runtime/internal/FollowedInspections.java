package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A plan's container inspections, kept between the commands of a long-lived process (the CLI's
 * daemon) for as long as the engine's event stream shows no change to the container.
 *
 * <p>Why: on an engine whose containers run health checks, {@code GET /containers/{id}/json} waits
 * for the container's lock, which the engine holds while it records each probe's result (a tenth
 * of a second and more on a busy machine); a plan inspects every container, so it waited for
 * the slowest of them, while the list it starts from takes a millisecond.
 *
 * <p>When a kept inspection is used, and why that is sound:
 * <ul>
 *   <li>It was read while the stream was connected and had delivered an event (so the engine had
 *       registered the subscription before the read), and no event about that container has
 *       arrived since the read was sent ({@link #changedBy}: every container event but the {@code
 *       exec_*} ones of health probes, and a network's {@code connect}/{@code disconnect} of it).
 *       {@code docker update}, network changes, start, stop, death and removal all send events.
 *   <li>The stream has delivered an event stamped after the call began. The engine sends a
 *       change's event before it answers the request that made it, and delivers a subscriber's
 *       events in the order they were sent, so everything a user did before the command has
 *       arrived by then. The stamps are the engine's clock, hence local engines only (a unix socket:
 *       the same clock as this process; {@link FollowedEngines} follows no engine of another
 *       host, and an event stamped later than it arrived turns keeping off for good).
 *   <li>Meanwhile every container is read from the engine too, at once: a container is answered
 *       by whichever comes first, the stream's proof (then its kept inspection, when still valid) or
 *       the engine's answer. On an engine with no events (no health checks, nothing happening), the
 *       reads answer, and they are fast there since no probe holds a lock.
 * </ul>
 * A lost stream discards everything kept. What a kept inspection may lag in: the fields no event
 * announces, the {@code ExecIDs} and health log of probes; a plan reads neither (it reads the
 * host config, networks and state: {@link Drift}, {@link Planner}).
 */
final class FollowedInspections {
  /** Bounds what is kept: past this many containers, everything is dropped and read again. */
  private static final int MOST_CONTAINERS = 4096;

  private final Function<String, Optional<JsonNode>> read;
  private final ExecutorService reads;
  private final LongSupplier epochNanos;

  // Guarded by this.
  private long connection;
  /** The connection that has delivered an event (its subscription is in place), or -1 while none has. */
  private long live = -1;
  /** Set for good once an event arrives stamped later than this host's clock when it arrives. */
  private boolean clockAhead;
  private long changes;
  private final Map<String, Long> lastChange = new HashMap<>();
  private final Map<String, Kept> kept = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long keptAnswers;

  private record Kept(JsonNode inspect, long connection, long lastChange) {}

  private record Waiter(long after, CompletableFuture<Void> seen) {}

  /**
   * @param read the engine's inspection of a container by ID, empty when it has none
   * @param reads where reads run (they may outlive a call that no longer needs them)
   * @param epochNanos this host's clock, in nanoseconds since the epoch (the engine's {@code timeNano})
   */
  FollowedInspections(Function<String, Optional<JsonNode>> read, ExecutorService reads, LongSupplier epochNanos) {
    this.read = read;
    this.reads = reads;
    this.epochNanos = epochNanos;
  }

  /**
   * Each of {@code ids} inspected, by ID, in the order given; a container the engine no longer has
   * is left out. A failed read of a container with no valid kept inspection is thrown as it failed.
   */
  Map<String, JsonNode> of(List<String> ids) {
    long began = epochNanos.getAsLong();
    CompletableFuture<Void> seen = eventAfter(began);
    Map<String, CompletableFuture<Optional<JsonNode>>> fresh = new LinkedHashMap<>();
    for (String id : new LinkedHashSet<>(ids)) {
      fresh.put(id, CompletableFuture.supplyAsync(() -> readAndKeep(id), reads));
    }
    try {
      CompletableFuture.anyOf(seen, CompletableFuture.allOf(fresh.values().toArray(CompletableFuture[]::new))).join();
    } catch (CompletionException e) {
      // a read failed: answered below, for its container, unless a kept inspection stands in for it
    } finally {
      synchronized (this) {
        waiters.removeIf(w -> w.seen() == seen);
      }
    }
    boolean proven = seen.isDone();
    Map<String, JsonNode> found = new LinkedHashMap<>();
    fresh.forEach((id, answer) -> {
      Optional<JsonNode> inspect = proven ? valid(id) : Optional.empty();
      if (inspect.isEmpty()) {
        try {
          inspect = answer.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
      inspect.ifPresent(i -> found.put(id, i));
    });
    return found;
  }

  /** How many containers were answered by a kept inspection since this was made (for tests). */
  synchronized long keptAnswers() {
    return keptAnswers;
  }

  /** A new connection of the event stream is being made: nothing read before it counts. */
  synchronized long connecting() {
    live = -1;
    kept.clear();
    return ++connection;
  }

  /** The connection {@code of} ended (closed or failed): everything kept is discarded. */
  synchronized void lost(long of) {
    if (of == connection) {
      live = -1;
      kept.clear();
    }
  }

  /**
   * An event of connection {@code on}: its stamp ({@code timeNano}), type, action, actor's ID and
   * attributes, as the engine sent them.
   */
  synchronized void received(long on, long timeNano, String type, String action, String actor, Map<String, String> attributes) {
    if (on != connection || clockAhead) {
      return;
    }
    if (timeNano > epochNanos.getAsLong()) {
      // Stamped later than it arrived: the engine's clock is ahead of this host's, so a stamp after
      // the call began proves nothing. Nothing is kept or used from now on.
      clockAhead = true;
      live = -1;
      kept.clear();
      return;
    }
    live = on;
    changedBy(type, action, actor, attributes).ifPresent(id -> {
      if (lastChange.size() >= MOST_CONTAINERS && !lastChange.containsKey(id)) {
        lastChange.clear();
        kept.clear();
      }
      lastChange.put(id, ++changes);
      kept.remove(id);
    });
    waiters.removeIf(w -> {
      if (timeNano > w.after()) {
        w.seen().complete(null);
        return true;
      }
      return false;
    });
  }

  /** The container whose inspection an event may change, if any. */
  static Optional<String> changedBy(String type, String action, String actor, Map<String, String> attributes) {
    if ("container".equals(type)) {
      // A health probe's exec changes only the ExecIDs and health log (which a plan does not read).
      return action.startsWith("exec_") ? Optional.empty() : Optional.of(actor);
    }
    if ("network".equals(type) && (action.equals("connect") || action.equals("disconnect"))) {
      return Optional.ofNullable(attributes.get("container"));
    }
    return Optional.empty();
  }

  private synchronized CompletableFuture<Void> eventAfter(long nanos) {
    CompletableFuture<Void> seen = new CompletableFuture<>();
    waiters.add(new Waiter(nanos, seen));
    return seen;
  }

  private synchronized Optional<JsonNode> valid(String id) {
    Kept k = kept.get(id);
    if (k == null || k.connection() != live || k.lastChange() != lastChange.getOrDefault(id, 0L)) {
      return Optional.empty();
    }
    keptAnswers++;
    return Optional.of(k.inspect());
  }

  private Optional<JsonNode> readAndKeep(String id) {
    long readOn;
    long changeBefore;
    synchronized (this) {
      readOn = live;
      changeBefore = lastChange.getOrDefault(id, 0L);
    }
    Optional<JsonNode> inspect = read.apply(id);
    synchronized (this) {
      // Kept only if the stream was live when the read was sent, still is, and said nothing of the container since.
      if (inspect.isPresent() && readOn != -1 && readOn == live && changeBefore == lastChange.getOrDefault(id, 0L)) {
        kept.put(id, new Kept(inspect.get(), readOn, changeBefore));
      }
    }
    return inspect;
  }
}
