package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.Plan;
import dev.sentinel.runtime.PlannedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plan with what applying it needs: the desired spec of every container and the IDs of what
 * exists. {@link #toPlan()} is the public view.
 */
public record DetailedPlan(
    StackSpec spec,
    Map<String, Service> services,
    List<PlannedAction> images,
    List<PlannedAction> networks,
    List<PlannedAction> volumes,
    List<ContainerAction> containers,
    List<ExistingContainer> removals) {

  /** What happens to one container of a service. */
  public record ContainerAction(
      PlannedAction.Kind kind, String service, int replica, String name, Optional<String> existingId,
      ContainerSpec spec, String specJson, String hash, List<String> changes) {}

  /** A container of the stack as it exists on the engine. */
  public record ExistingContainer(String id, String name, String service, int replica, String state, String hash, String specJson) {}

  public Plan toPlan() {
    return toPlan(Optional.empty());
  }

  /**
   * The public view; with the containers of the last successful apply ({@link LastApplied}), a
   * step caused by a change made outside Sentinel says so: a container removed, stopped or added by
   * hand.
   */
  public Plan toPlan(Optional<Map<String, String>> lastApplied) {
    List<PlannedAction> all = new ArrayList<>(images);
    all.addAll(networks);
    all.addAll(volumes);
    for (ExistingContainer r : removals) {
      String reason = Labels.isPrevious(r.name()) ? "left by an interrupted apply"
          : lastApplied.isPresent() && !lastApplied.get().containsKey(r.name()) ? "added outside Sentinel; not defined" : "no longer defined";
      all.add(new PlannedAction(PlannedAction.Kind.REMOVE, PlannedAction.ObjectType.CONTAINER, r.name(),
          Optional.of(r.service()), List.of(), reason));
    }
    java.util.Set<String> setAside = new java.util.HashSet<>();
    removals.stream().filter(r -> Labels.isPrevious(r.name())).forEach(r -> setAside.add(Labels.ownName(r.name())));
    for (ContainerAction c : containers) {
      boolean applied = lastApplied.map(a -> a.containsKey(c.name())).orElse(false);
      String reason = switch (c.kind()) {
        case CREATE -> setAside.contains(c.name()) ? "set aside by an interrupted apply" : applied ? "removed outside Sentinel" : "new";
        case START -> applied ? "stopped outside Sentinel" : "exists, stopped";
        case UNCHANGED -> "up to date";
        default -> "";
      };
      all.add(new PlannedAction(c.kind(), PlannedAction.ObjectType.CONTAINER, c.name(), Optional.of(c.service()), c.changes(), reason));
    }
    return new Plan(spec.name(), spec.environment(), all);
  }
}
