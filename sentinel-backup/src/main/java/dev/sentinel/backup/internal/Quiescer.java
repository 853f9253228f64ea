package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.backup.StoppedContainer;
import dev.sentinel.dsl.BackupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a volume consistent while it is read: stops or pauses the running containers that use it
 * (a Swarm task's container is paused even when the policy says stop),
 * and on {@link #close()} — always, also when the backup failed — starts or unpauses them again in
 * reverse order, recording which and for how long.
 */
public final class Quiescer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Quiescer.class);

  private record Held(String id, String name, Instant since, boolean stopped) {}

  /** Swarm labels every task's container with its task ID. */
  static boolean isSwarmTask(Container c) {
    return c.getLabels() != null && c.getLabels().containsKey("com.docker.swarm.task.id");
  }

  private final DockerClient docker;
  private final BackupPolicy.Consistency consistency;
  private final List<Held> held = new ArrayList<>();
  private final List<StoppedContainer> released;

  private Quiescer(DockerClient docker, BackupPolicy.Consistency consistency, List<StoppedContainer> released) {
    this.docker = docker;
    this.consistency = consistency;
    this.released = released;
  }

  /**
   * Stops or pauses the running users of {@code volume}.
   *
   * @param released receives each container once it runs again, with how long it was held
   */
  public static Quiescer quiesce(DockerClient docker, String volume, BackupPolicy.Consistency consistency, List<StoppedContainer> released) {
    Quiescer q = new Quiescer(docker, consistency, released);
    if (consistency == BackupPolicy.Consistency.NONE) {
      return q;
    }
    try {
      for (Container c : docker.listContainersCmd().withVolumeFilter(List.of(volume)).withStatusFilter(List.of("running")).exec()) {
        if (c.getLabels() != null && c.getLabels().containsKey(HelperContainers.LABEL)) {
          continue;
        }
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
        // A Swarm replaces a task whose container stops (maybe on another node, writing meanwhile): pause it instead.
        boolean stop = consistency == BackupPolicy.Consistency.STOP && !isSwarmTask(c);
        if (stop) {
          docker.stopContainerCmd(c.getId()).exec();
        } else {
          docker.pauseContainerCmd(c.getId()).exec();
        }
        q.held.add(new Held(c.getId(), name, Instant.now(), stop));
      }
    } catch (RuntimeException e) {
      q.close();
      throw e;
    }
    return q;
  }

  /** The containers this holds paused (frozen: none of their processes runs until {@link #close()}). */
  public java.util.Set<String> paused() {
    return held.stream().filter(h -> !h.stopped).map(Held::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      Held h = held.get(i);
      try {
        if (h.stopped) {
          docker.startContainerCmd(h.id).exec();
        } else {
          docker.unpauseContainerCmd(h.id).exec();
        }
      } catch (NotModifiedException alreadyRunning) {
        // running again already
      } catch (RuntimeException e) {
        log.error("could not start {} again after the backup", h.name, e);
        if (first == null) {
          first = e;
        }
      }
      released.add(new StoppedContainer(h.name, h.stopped ? "stopped" : consistency == BackupPolicy.Consistency.STOP
          ? "paused (a Swarm task: stopping it would make the Swarm replace it)" : "paused",
          Duration.between(h.since, Instant.now())));
    }
    held.clear();
    if (first != null) {
      throw first;
    }
  }
}
