package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.Plan;
import dev.sentinel.runtime.PlannedAction;
import dev.sentinel.runtime.PlannedAction.Kind;
import dev.sentinel.runtime.PlannedAction.ObjectType;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import dev.sentinel.runtime.internal.LastApplied.Applied;
import dev.sentinel.runtime.internal.LastApplied.AppliedContainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Returns a stack's containers to a recorded apply ({@link LastApplied}) without the definition
 * that made it: service by service in the recorded start order, a container whose config hash
 * differs is replaced by one created from the recorded spec and labels, and waited for until it is
 * healthy (or running) before the next service; containers the record does not have are removed.
 * Networks and volumes are left as they are.
 */
public final class Rollback {
  private final DockerClient docker;
  private final DockerClient streams;
  private final ApplyOptions options;

  public Rollback(DockerClient docker, DockerClient streams, ApplyOptions options) {
    this.docker = docker;
    this.streams = streams;
    this.options = options;
  }

  /**
   * @return what it did, as a plan
   * @throws IllegalStateException when a restored container does not become ready, naming it
   */
  public Plan to(String stack, Applied target) {
    Map<String, ExistingContainer> existing = new LinkedHashMap<>();
    new Planner(docker).existingContainers(stack).forEach(c -> existing.put(c.name(), c));
    List<PlannedAction> done = new ArrayList<>();
    try (ContainerEvents events = new ContainerEvents(streams, docker, stack)) {
      for (String service : target.serviceOrder()) {
        for (AppliedContainer c : target.containers()) {
          if (c.service().equals(service)) {
            done.add(restore(c, existing.remove(c.name()), events));
          }
        }
      }
    }
    for (ExistingContainer extra : existing.values()) {
      Containers.stopAndRemove(docker, extra.id(), 10);
      options.listener().on(new ProgressEvent.Removed(Optional.of(extra.service()), extra.name()));
      done.add(new PlannedAction(Kind.REMOVE, ObjectType.CONTAINER, extra.name(), Optional.of(extra.service()), List.of(),
          "not in the state rolled back to"));
    }
    return new Plan(stack, Optional.empty(), done);
  }

  private PlannedAction restore(AppliedContainer c, ExistingContainer current, ContainerEvents events) {
    Optional<String> service = Optional.of(c.service());
    if (current != null && current.hash().equals(c.hash())) {
      if (!current.state().equals("running")) {
        start(c, current.id(), events);
        return new PlannedAction(Kind.START, ObjectType.CONTAINER, c.name(), service, List.of(), "as rolled back to, stopped");
      }
      return new PlannedAction(Kind.UNCHANGED, ObjectType.CONTAINER, c.name(), service, List.of(), "as rolled back to");
    }
    List<String> changes = current == null ? List.of() : current.specJson().isEmpty() ? List.of("(unknown)")
        : SpecJson.changedFields(current.specJson(), c.labels().getOrDefault(Labels.SPEC, "{}"));
    if (current != null) {
      Containers.stopAndRemove(docker, current.id(), c.spec().lifecycle().stopTimeoutSeconds() == null ? 10 : c.spec().lifecycle().stopTimeoutSeconds());
    }
    options.listener().on(new ProgressEvent.Creating(service, c.name()));
    String id = ContainerRequests.create(docker, c.spec(), c.name(), c.labels(),
        warning -> options.listener().on(new ProgressEvent.EngineWarning(c.service(), c.name(), warning)));
    start(c, id, events);
    return new PlannedAction(current == null ? Kind.CREATE : Kind.RECREATE, ObjectType.CONTAINER, c.name(), service, changes,
        "rolled back");
  }

  private void start(AppliedContainer c, String id, ContainerEvents events) {
    options.listener().on(new ProgressEvent.Starting(c.service(), c.name()));
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException running) {
      // started by its restart policy
    }
    options.listener().on(new ProgressEvent.Started(c.service(), c.name()));
    if (c.spec().health() == null) {
      return;
    }
    try {
      events.healthy(id).get(options.serviceTimeout().toMillis(), TimeUnit.MILLISECONDS);
      options.listener().on(new ProgressEvent.Ready(c.service(), "healthy"));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      String reason = e instanceof java.util.concurrent.TimeoutException ? "did not become healthy within " + options.serviceTimeout().toSeconds() + "s"
          : Applier.unwrap(e).getMessage();
      throw new IllegalStateException("rollback stopped at " + c.name() + ", which " + reason + "; the services before it are rolled back,"
          + " the ones after it are as they were", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("rollback interrupted at " + c.name(), e);
    }
  }

}
