package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.sentinel.dsl.Service;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The containers one service's recreated replicas replace, kept aside under {@link
 * Labels#previousName} until the new ones are ready, then removed ({@link #discard}) or, when the
 * new ones fail, put back ({@link #restore}): a failed change returns the service to what ran
 * before instead of leaving it broken.
 *
 * <p>The old container keeps running while its replacement starts (start-first) only when the two
 * cannot collide: no fixed host port, address or container name, not the host's network, and no
 * volume or host directory both would write to (two database processes on one data directory
 * corrupt it). Otherwise it is stopped first, as Compose does, and restarted on restore.
 *
 * <p>Every step leaves a state the next plan converges from: a container still under its own name
 * is recreated as usual, one under its previous name is removed as a leftover.
 */
final class PreviousContainers {
  private record Kept(String id, String name, boolean stopped) {}

  private final DockerClient docker;
  private final Service service;
  private final ProgressListener listener;
  private final int graceSeconds;
  private final List<Kept> kept = new ArrayList<>();
  private final List<String> created = new ArrayList<>();

  PreviousContainers(DockerClient docker, Service service, ProgressListener listener) {
    this.docker = docker;
    this.service = service;
    this.listener = listener;
    this.graceSeconds = graceSeconds(service);
  }

  static int graceSeconds(Service service) {
    return service.lifecycle().stopGracePeriod().map(d -> (int) d.toSeconds()).orElse(10);
  }

  /** Whether the old container may keep running while {@code next} (named {@code name}) starts. */
  static boolean startFirst(Service service, ContainerSpec next) {
    boolean fixedPort = next.networking().ports().stream().anyMatch(p -> p.hostPort() != null);
    boolean fixedAddress = next.networking().endpoints() != null
        && next.networking().endpoints().values().stream().anyMatch(e -> e.ipv4Address() != null || e.ipv6Address() != null);
    boolean sharedWrites = next.storage().mounts().stream()
        .anyMatch(m -> !m.readOnly() && ("bind".equals(m.type()) || ("volume".equals(m.type()) && m.source() != null)));
    return !fixedPort && !fixedAddress && !sharedWrites && service.naming().containerName().isEmpty()
        && !"host".equals(next.networking().networkMode());
  }

  /** Stops (unless start-first) and renames the container {@code id}, which {@code next} replaces, if it still exists. */
  synchronized void setAside(String id, ContainerSpec next) {
    InspectContainerResponse old;
    try {
      old = docker.inspectContainerCmd(id).exec();
    } catch (NotFoundException gone) {
      return; // removed already (its network is recreated): nothing to go back to
    }
    String name = old.getName().replaceFirst("^/", "");
    boolean stop = !startFirst(service, next) || !Boolean.TRUE.equals(old.getState().getRunning());
    if (stop) {
      Containers.stop(docker, id, graceSeconds);
    }
    docker.renameContainerCmd(id).withName(Labels.previousName(name)).exec();
    kept.add(new Kept(id, name, stop));
  }

  /** Records a new container of the service, removed again by {@link #restore}. */
  synchronized void created(String id) {
    created.add(id);
  }

  /** Whether there is anything to go back to. */
  synchronized boolean any() {
    return !kept.isEmpty();
  }

  /** Removes the containers set aside: the new ones are ready. */
  synchronized void discard() {
    for (Kept k : kept) {
      Containers.stopAndRemove(docker, k.id, graceSeconds);
      listener.on(new ProgressEvent.Removed(Optional.of(service.name()), Labels.previousName(k.name)));
    }
    kept.clear();
  }

  /**
   * Removes the service's new containers and puts the previous ones back under their names,
   * restarting those that were stopped (and running their post_start hooks), then waits (up to {@code timeout}) until they are ready.
   *
   * @return how the service is now, in words: {@code healthy again}, {@code running again}, or why not
   */
  synchronized String restore(ContainerEvents events, Duration timeout) {
    created.forEach(id -> Containers.stopAndRemove(docker, id, graceSeconds));
    created.clear();
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    List<String> failedHooks = new ArrayList<>();
    for (Kept k : kept) {
      docker.renameContainerCmd(k.id).withName(k.name).exec();
      if (k.stopped) {
        try {
          docker.startContainerCmd(k.id).exec();
        } catch (NotModifiedException alreadyRunning) {
          // restarted by its restart policy meanwhile
        }
        try {
          Hooks.postStartStored(docker, k.id, timeout);
        } catch (Hooks.HookFailed e) {
          failedHooks.add(k.name + "'s " + e.getMessage());
        }
      }
      ready.add(service.lifecycle().hasHealthCheck() ? events.healthy(k.id) : CompletableFuture.completedFuture(null));
    }
    List<String> ids = kept.stream().map(Kept::id).toList();
    kept.clear();
    if (!failedHooks.isEmpty()) {
      // Put back and left running: stopping it now would leave the service with nothing at all.
      return "restored, but " + String.join("; ", failedHooks);
    }
    try {
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "restored, but not healthy within " + timeout.toSeconds() + "s";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "restored; interrupted while waiting for it";
    } catch (java.util.concurrent.ExecutionException e) {
      return "restored, but it " + Applier.unwrap(e).getMessage();
    }
    if (!service.lifecycle().hasHealthCheck()) {
      for (String id : ids) {
        if (!Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
          return "restored, but it is not running";
        }
      }
      return "running again";
    }
    return "healthy again";
  }
}
