package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local engines whose event streams this process follows, each with its {@link
 * FollowedInspections}. Off until {@link #enable} (a process that runs one command has nothing to
 * keep); then an engine on a unix socket is followed from the first plan made on it, on clients of
 * its own (a command's clients close when the command ends), until the process exits.
 */
public final class FollowedEngines {
  private static final Logger log = LoggerFactory.getLogger(FollowedEngines.class);
  private static final AtomicBoolean ENABLED = new AtomicBoolean();
  private static final Map<URI, FollowedInspections> FOLLOWED = new ConcurrentHashMap<>();
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);

  private FollowedEngines() {}

  /** From now on, plans in this process keep their inspections of local engines (see {@link FollowedInspections}). */
  public static void enable() {
    ENABLED.set(true);
  }

  /** The inspections kept for the engine at {@code address}: empty unless enabled and the engine is local. */
  static Optional<FollowedInspections> of(URI address) {
    if (!ENABLED.get() || !"unix".equals(address.getScheme())) {
      return Optional.empty();
    }
    return Optional.of(FOLLOWED.computeIfAbsent(address, FollowedEngines::follow));
  }

  private static FollowedInspections follow(URI address) {
    return follow(address, UnaryOperator.identity()).inspections();
  }

  /**
   * The engine at {@code address} followed on a thread of its own, its containers read through
   * {@code reads} (tests slow them down); {@link Following#close} ends it.
   */
  static Following follow(URI address, UnaryOperator<Function<String, Optional<JsonNode>>> reads) {
    DockerClient requests = DockerClients.create(address, Duration.ofSeconds(5), Duration.ofSeconds(120));
    DockerClient streams = DockerClients.create(address, Duration.ofSeconds(5), Duration.ZERO);
    ExecutorService pool = Executors.newFixedThreadPool(8, r -> daemon(r, "sentinel-followed-read"));
    Function<String, Optional<JsonNode>> read = id -> EngineJson.container(requests, id);
    FollowedInspections inspections = new FollowedInspections(reads.apply(read), pool, () -> {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    });
    Thread thread = daemon(() -> {
      stream(requests, streams, inspections);
      // Only a close (tests) ends the loop. A daemon's followers live as long as it does, so a plan
      // holding one never finds its reads refused.
      FOLLOWED.remove(address, inspections);
      pool.shutdown();
      DockerClients.closeQuietly(requests);
      DockerClients.closeQuietly(streams);
    }, "sentinel-engine-events");
    thread.start();
    return new Following(inspections, thread);
  }

  /** An engine followed: its inspections, and the thread that follows its events. */
  record Following(FollowedInspections inspections, Thread thread) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(10_000);
    }
  }

  /**
   * Follows the engine's events until interrupted: each connection until it ends, then another,
   * waiting longer after each that delivered nothing (up to {@link #LAST_RETRY}). An engine that is
   * not on this host is not followed, only asked again after a while: its plans read every container.
   */
  private static void stream(DockerClient requests, DockerClient streams, FollowedInspections inspections) {
    Duration retry = FIRST_RETRY;
    while (!Thread.currentThread().isInterrupted()) {
      long connection = inspections.connecting();
      AtomicBoolean delivered = new AtomicBoolean();
      if (onThisHost(requests)) {
        try (ResultCallback.Adapter<Event> events = streams.eventsCmd().exec(new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Event e) {
            delivered.set(true);
            inspections.received(connection, e.getTimeNano() == null ? 0 : e.getTimeNano(),
                e.getType() == null ? "" : e.getType().getValue(), e.getAction() == null ? "" : e.getAction(),
                e.getActor() == null || e.getActor().getId() == null ? "" : e.getActor().getId(),
                e.getActor() == null || e.getActor().getAttributes() == null ? Map.of() : e.getActor().getAttributes());
          }
        })) {
          events.awaitCompletion();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          log.debug("the engine's event stream ended", e);
        }
        inspections.lost(connection);
      } else {
        retry = LAST_RETRY;
      }
      retry = delivered.get() ? FIRST_RETRY : retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
      try {
        Thread.sleep(retry.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether the engine runs on this host, so that its event stamps are this host's clock: Linux, and
   * the engine's name (its host's) is this host's. A socket forwarded from another host, a VM's
   * engine (Docker Desktop) or this process in a container of its own are not followed.
   */
  private static boolean onThisHost(DockerClient requests) {
    try {
      if (!"Linux".equals(System.getProperty("os.name"))) {
        return false;
      }
      String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      return host.equals(requests.infoCmd().exec().getName());
    } catch (IOException | RuntimeException e) {
      return false; // not known now; asked again at the next connection
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
