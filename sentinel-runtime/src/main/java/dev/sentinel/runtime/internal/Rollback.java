package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.sentinel.runtime.internal.LastApplied.AppliedNetwork;
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
 * First, each network the record has is put back as recorded: created when missing, recreated when
 * its settings differ (the stack's containers on it are then recreated from the record too; any
 * other container on it stops the rollback before anything changed). Networks the record lacks are
 * left, as are volumes: their data is not versioned (restore a backup for that).
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
    List<PlannedAction> done = new ArrayList<>(networks(target.networks(), existing));
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

  /**
   * Puts each recorded network back; the stack's containers on a recreated one are removed from
   * {@code existing} (and from the engine), so they are created again from the record.
   */
  private List<PlannedAction> networks(List<AppliedNetwork> recorded, Map<String, ExistingContainer> existing) {
    Map<String, JsonNode> current = new LinkedHashMap<>();
    Map<String, List<String>> changes = new LinkedHashMap<>();
    for (AppliedNetwork n : recorded) {
      Optional<JsonNode> inspected = EngineJson.network(docker, n.name());
      if (inspected.isPresent()) {
        JsonNode found = inspected.get();
        current.put(n.name(), found);
        List<String> drift = NetworkMapping.drift(n.definition().orElse(null), found);
        if (!drift.isEmpty()) {
          changes.put(n.name(), drift);
          List<String> foreign = attached(found).stream()
              .filter(id -> existing.values().stream().noneMatch(c -> c.id().equals(id))).toList();
          if (!foreign.isEmpty()) {
            throw new IllegalStateException("network " + n.name() + " must be rolled back (" + String.join(", ", drift)
                + " differ), but containers that are not the stack's are attached to it: " + String.join(", ", foreign)
                + "; disconnect them (docker network disconnect) and run rollback again");
          }
        }
      } else {
        changes.put(n.name(), List.of());
      }
    }
    List<PlannedAction> done = new ArrayList<>();
    for (AppliedNetwork n : recorded) {
      if (!changes.containsKey(n.name())) {
        continue;
      }
      JsonNode found = current.get(n.name());
      if (found != null) {
        for (String id : attached(found)) {
          existing.values().stream().filter(c -> c.id().equals(id)).findFirst().ifPresent(c -> {
            Containers.stopAndRemove(docker, c.id(), 10);
            existing.remove(c.name());
          });
        }
        docker.removeNetworkCmd(n.name()).exec();
      }
      options.listener().on(new ProgressEvent.Creating(Optional.empty(), "network " + n.name()));
      NetworkMapping.create(docker, n.name(), n.definition().orElse(null), n.labels());
      done.add(new PlannedAction(found == null ? Kind.CREATE : Kind.RECREATE, ObjectType.NETWORK, n.name(), Optional.empty(),
          changes.get(n.name()), found == null ? "missing; rolled back" : "rolled back"));
    }
    return done;
  }

  private static List<String> attached(JsonNode network) {
    List<String> ids = new ArrayList<>();
    network.path("Containers").fieldNames().forEachRemaining(ids::add);
    return ids;
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
    try {
      Hooks.postStart(docker, id, c.spec().lifecycle().postStart(), options.serviceTimeout());
    } catch (Hooks.HookFailed e) {
      throw new IllegalStateException("rollback stopped at " + c.name() + ": its " + e.getMessage()
          + "; the services before it are rolled back, the ones after it are as they were", e);
    }
    if (c.spec().lifecycle().health() == null) {
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
