package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.runtime.PlannedAction;
import dev.sentinel.runtime.PlannedAction.Kind;
import dev.sentinel.runtime.PlannedAction.ObjectType;
import dev.sentinel.runtime.internal.DetailedPlan.ContainerAction;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Compares a stack's desired state with the engine's, using read-only calls. */
public final class Planner {
  /** The image ID placeholder for an image that a build or pull will provide. */
  static final String PENDING_IMAGE = "(pending)";

  private final DockerClient docker;
  private final Optional<FollowedInspections> followed;

  /** A planner whose plans read every container from the engine. */
  public Planner(DockerClient docker) {
    this(docker, Optional.empty());
  }

  /**
   * A planner for the engine at {@code address}: its plans reuse the inspections this process keeps
   * of that engine's unchanged containers, when it keeps any ({@link FollowedEngines}).
   */
  public Planner(DockerClient docker, java.net.URI address) {
    this(docker, FollowedEngines.of(address));
  }

  private Planner(DockerClient docker, Optional<FollowedInspections> followed) {
    this.docker = docker;
    this.followed = followed;
  }

  /**
   * @param services the enabled services
   * @param imageIds each service's image ID, or empty when it is still to be built or pulled
   * @param specs makes the container spec of a service's replica from its image ID
   * @param pruneOrphans whether orphan networks and volumes are planned for removal
   */
  public DetailedPlan plan(StackSpec spec, Map<String, Service> services, Map<String, Optional<String>> imageIds,
      SpecFactory specs, boolean pruneOrphans) {
    String stack = spec.name();
    List<PlannedAction> images = new ArrayList<>();
    services.values().forEach(s -> {
      String ref = Images.reference(stack, s);
      Kind kind = imageIds.get(s.name()).isPresent() ? Kind.UNCHANGED : s.imageSource().build().isPresent() ? Kind.BUILD : Kind.PULL;
      images.add(new PlannedAction(kind, ObjectType.IMAGE, ref, Optional.of(s.name()), List.of(),
          kind == Kind.UNCHANGED ? "present" : kind == Kind.BUILD ? "not on the engine" : "not on the engine, no build"));
    });

    Set<String> wantedNetworks = new LinkedHashSet<>();
    spec.networks().values().stream().filter(n -> !n.external()).forEach(n -> wantedNetworks.add(n.engineName(stack)));
    if (services.values().stream().anyMatch(s -> s.networking().joinsDefaultNetwork())) {
      wantedNetworks.add(Labels.networkName(stack, "default"));
    }
    checkExternal(spec);
    // The engine's reads that do not depend on each other are made at once, not one after another:
    // under load each round trip takes tens of milliseconds, and a no-op plan is only these.
    Supplier<Map<String, JsonNode>> networksRead = Concurrently.started(() -> existingNetworks(stack));
    Supplier<Set<String>> volumesRead = Concurrently.started(() -> existingVolumes(stack));
    JsonNode containersListed = EngineJson.containersLabelled(docker, Labels.STACK, stack);
    List<ExistingContainer> stackContainers = existingContainers(containersListed);
    // An unchanged container is inspected for drift. All listed ones are inspected at once, before it
    // is known which are unchanged: on a changed plan a few inspections go unused, on a no-op plan
    // (the common case) none do, and the round trips no longer add up one after another.
    List<String> toInspect = stackContainers.stream().filter(c -> !Labels.isPrevious(c.name())).map(ExistingContainer::id).toList();
    Supplier<Map<String, JsonNode>> inspections = Concurrently.started(() -> followed.isPresent() ? followed.get().of(toInspect)
        : Inspections.of(docker, toInspect));

    Map<String, JsonNode> existingNetworks = networksRead.get();
    List<PlannedAction> networks = networkChanges(spec,
        resources(ObjectType.NETWORK, wantedNetworks, existingNetworks.keySet(), pruneOrphans), existingNetworks);
    Set<String> wantedVolumes = new LinkedHashSet<>();
    spec.volumes().values().stream().filter(v -> !v.external()).forEach(v -> wantedVolumes.add(v.engineName(stack)));
    List<PlannedAction> volumes = resources(ObjectType.VOLUME, wantedVolumes, volumesRead.get(), pruneOrphans);
    networks = withForeignContainers(networks, stackContainers);
    Map<String, JsonNode> inspected = inspections.get();
    Map<String, ExistingContainer> existing = new LinkedHashMap<>();
    List<ExistingContainer> previous = new ArrayList<>();
    for (ExistingContainer c : stackContainers) {
      if (Labels.isPrevious(c.name())) {
        previous.add(c); // kept by an apply that was interrupted before it could remove or restore it
      } else {
        // Without a service label (a files volume's filler left by an interrupted apply): by name, so none hides another.
        existing.put(c.service().isEmpty() ? c.name() : c.service() + "#" + c.replica(), c);
      }
    }
    Set<String> awaitedToComplete = new LinkedHashSet<>();
    services.values().forEach(s -> s.lifecycle().dependsOn().values().stream()
        .filter(d -> d.condition() == Dependency.Condition.COMPLETED_SUCCESSFULLY).forEach(d -> awaitedToComplete.add(d.service())));

    List<ContainerAction> containers = new ArrayList<>();
    for (Service s : services.values()) {
      for (int replica = 1; replica <= s.deploy().replicas(); replica++) {
        ContainerSpec desired = specs.of(s, imageIds.get(s.name()).orElse(PENDING_IMAGE), replica);
        String json = SpecJson.canonical(desired);
        String hash = SpecJson.hash(json);
        String name = s.naming().containerName().orElse(Labels.containerName(stack, s.name(), replica));
        ExistingContainer current = existing.remove(s.name() + "#" + replica);
        containers.add(onRecreatedNetworks(action(s, replica, name, current, desired, json, hash, awaitedToComplete.contains(s.name()),
            inspected), networks));
      }
    }
    containers = onRecreatedVolumeSources(services, containers);
    Clashes.refuseOnEngine(docker, stack, containersListed, existingNetworks, wantedNetworks,
        volumes.stream().filter(a -> a.kind() == Kind.CREATE).map(PlannedAction::name).toList(),
        containers.stream().filter(a -> a.kind() == Kind.CREATE).map(ContainerAction::name).toList());
    List<ExistingContainer> removals = new ArrayList<>(previous);
    removals.addAll(existing.values());
    return new DetailedPlan(spec, services, images, networks, volumes, containers, removals);
  }

  /** Makes a replica's container spec. */
  @FunctionalInterface
  public interface SpecFactory {
    ContainerSpec of(Service service, String imageId, int replica);
  }

  private ContainerAction action(Service s, int replica, String name, ExistingContainer current, ContainerSpec desired,
      String json, String hash, boolean runsToCompletion, Map<String, JsonNode> inspected) {
    if (current == null) {
      return new ContainerAction(Kind.CREATE, s.name(), replica, name, Optional.empty(), desired, json, hash, List.of());
    }
    if (!current.hash().equals(hash) || !current.name().equals(name)) {
      List<String> changes = current.specJson().isEmpty() ? List.of("(unknown: created without a spec label)")
          : SpecJson.changedFields(current.specJson(), json);
      if (!current.name().equals(name)) {
        changes = new ArrayList<>(changes);
        changes.add("name");
      }
      return new ContainerAction(Kind.RECREATE, s.name(), replica, name, Optional.of(current.id()), desired, json, hash, changes);
    }
    JsonNode inspect = inspected.containsKey(current.id()) ? inspected.get(current.id())
        : EngineJson.container(docker, current.id()).orElseThrow(() -> new NotFoundException("No such container: " + current.id()));
    List<String> drift = Drift.of(inspect, desired);
    if (!drift.isEmpty()) {
      // Changed outside Sentinel (docker update, network connect/disconnect): recreate it as defined.
      return new ContainerAction(Kind.RECREATE, s.name(), replica, name, Optional.of(current.id()), desired, json, hash,
          drift.stream().map(d -> d + " (changed outside Sentinel)").toList());
    }
    boolean done = current.state().equals("running") || (runsToCompletion && exitedCleanly(inspect));
    return new ContainerAction(done ? Kind.UNCHANGED : Kind.START, s.name(), replica, name, Optional.of(current.id()), desired, json, hash, List.of());
  }

  private static boolean exitedCleanly(JsonNode inspect) {
    JsonNode state = inspect.path("State");
    return "exited".equals(state.path("Status").asText()) && state.path("ExitCode").isIntegralNumber() && state.path("ExitCode").asLong() == 0;
  }

  private static List<PlannedAction> resources(ObjectType type, Set<String> wanted, Set<String> existing, boolean prune) {
    List<PlannedAction> actions = new ArrayList<>();
    for (String name : wanted) {
      boolean exists = existing.contains(name);
      actions.add(new PlannedAction(exists ? Kind.UNCHANGED : Kind.CREATE, type, name, Optional.empty(), List.of(), exists ? "exists" : "new"));
    }
    for (String name : existing) {
      if (!wanted.contains(name)) {
        actions.add(new PlannedAction(prune ? Kind.REMOVE : Kind.ORPHAN, type, name, Optional.empty(), List.of(),
            prune ? "no longer defined" : "no longer defined; kept (remove with pruneOrphans)"));
      }
    }
    return actions;
  }

  private void checkExternal(StackSpec spec) {
    for (Network n : spec.networks().values()) {
      if (n.external()) {
        if (EngineJson.network(docker, n.engineName(spec.name())).isEmpty()) {
          throw new IllegalStateException("network \"" + n.engineName(spec.name()) + "\" is external, but the engine has no such network; create it first");
        }
      }
    }
    for (Volume v : spec.volumes().values()) {
      if (v.external()) {
        if (EngineJson.volume(docker, v.engineName(spec.name())).isEmpty()) {
          throw new IllegalStateException("volume \"" + v.engineName(spec.name()) + "\" is external, but the engine has no such volume; create it first");
        }
      }
    }
  }

  /** The stack's networks by name, as the engine lists them (JSON trees, see {@link EngineJson}). */
  private Map<String, JsonNode> existingNetworks(String stack) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    EngineJson.networksLabelled(docker, Labels.STACK, stack).forEach(n -> found.put(n.path("Name").asText(), n));
    return found;
  }

  /**
   * Existing networks whose definition changed (driver, internal, attachable, labels) become
   * RECREATE: the engine cannot change them in place.
   */
  private static List<PlannedAction> networkChanges(StackSpec spec, List<PlannedAction> actions,
      Map<String, JsonNode> existing) {
    Map<String, Network> byEngineName = new LinkedHashMap<>();
    spec.networks().values().forEach(n -> byEngineName.put(n.engineName(spec.name()), n));
    List<PlannedAction> result = new ArrayList<>();
    for (PlannedAction a : actions) {
      JsonNode current = existing.get(a.name());
      Network wanted = byEngineName.get(a.name());
      List<String> changes = a.kind() == Kind.UNCHANGED && current != null ? networkDrift(wanted, current) : List.of();
      result.add(changes.isEmpty() ? a
          : new PlannedAction(Kind.RECREATE, ObjectType.NETWORK, a.name(), Optional.empty(), changes, "definition changed"));
    }
    return result;
  }

  /** What differs between the definition ({@code null}: the implicit default network) and the engine's network. */
  private static List<String> networkDrift(Network wanted, JsonNode current) {
    List<String> changes = new ArrayList<>();
    String driver = wanted == null ? "bridge" : wanted.driver().orElse("bridge");
    if (!driver.equals(current.path("Driver").asText())) {
      changes.add("driver");
    }
    if ((wanted != null && wanted.internal()) != current.path("Internal").asBoolean(false)) {
      changes.add("internal");
    }
    if ((wanted != null && wanted.attachable()) != current.path("Attachable").asBoolean(false)) {
      changes.add("attachable");
    }
    JsonNode labels = current.path("Labels");
    if (wanted != null && wanted.labels().entrySet().stream().anyMatch(e -> !labels.path(e.getKey()).isTextual()
        || !e.getValue().equals(labels.path(e.getKey()).asText()))) {
      changes.add("labels");
    }
    changes.addAll(NetworkMapping.drift(wanted, current));
    return changes;
  }

  /**
   * Names, on each of the stack's existing networks, the containers attached to it that are not the
   * stack's (started by hand with {@code --network}): Sentinel does not own them and leaves them
   * alone, but a plan shows them, and a network that must be recreated cannot be while they are on it.
   */
  private List<PlannedAction> withForeignContainers(List<PlannedAction> networks, List<ExistingContainer> stackContainers) {
    Set<String> ours = new java.util.HashSet<>();
    stackContainers.forEach(c -> ours.add(c.id()));
    List<PlannedAction> result = new ArrayList<>();
    for (PlannedAction a : networks) {
      if (a.kind() != Kind.UNCHANGED && a.kind() != Kind.RECREATE) {
        result.add(a);
        continue;
      }
      JsonNode attached = EngineJson.network(docker, a.name()).map(n -> n.path("Containers")).orElse(MissingNode.getInstance());
      List<String> foreign = new ArrayList<>();
      attached.fields().forEachRemaining(e -> {
        if (!ours.contains(e.getKey())) {
          foreign.add(e.getValue().path("Name").asText(e.getKey()));
        }
      });
      foreign.sort(null);
      result.add(foreign.isEmpty() ? a : new PlannedAction(a.kind(), a.type(), a.name(), a.service(), a.changes(),
          (a.reason().isEmpty() ? "" : a.reason() + "; ") + "attached outside the stack, left alone: " + String.join(", ", foreign)));
    }
    return result;
  }

  /** A container on a network that is recreated is recreated too: the engine cannot remove a network in use. */
  private static ContainerAction onRecreatedNetworks(ContainerAction action, List<PlannedAction> networks) {
    List<String> recreated = networks.stream().filter(n -> n.kind() == Kind.RECREATE).map(PlannedAction::name)
        .filter(action.spec().networking().networks()::containsKey).toList();
    if (recreated.isEmpty() || action.existingId().isEmpty() || action.kind() == Kind.RECREATE) {
      return action;
    }
    List<String> changes = recreated.stream().map(n -> "network " + n).toList();
    return new ContainerAction(Kind.RECREATE, action.service(), action.replica(), action.name(), action.existingId(), action.spec(),
        action.specJson(), action.hash(), changes);
  }

  /**
   * Recreates the containers of a service that mounts another's volumes ({@code volumes_from}) when
   * that service's first container is new: the engine copies the mounts once, at create, so the old
   * container would keep the replaced one's (anonymous) volumes. Repeated for chains.
   */
  private static List<ContainerAction> onRecreatedVolumeSources(Map<String, Service> services, List<ContainerAction> actions) {
    List<ContainerAction> result = new ArrayList<>(actions);
    boolean changed = true;
    while (changed) {
      changed = false;
      Set<String> fresh = new HashSet<>();
      result.stream().filter(a -> a.replica() == 1 && (a.kind() == Kind.CREATE || a.kind() == Kind.RECREATE))
          .forEach(a -> fresh.add(a.service()));
      for (int i = 0; i < result.size(); i++) {
        ContainerAction a = result.get(i);
        if (a.existingId().isEmpty() || a.kind() == Kind.RECREATE || a.kind() == Kind.CREATE) {
          continue;
        }
        List<String> sources = services.get(a.service()).security().volumesFrom().stream()
            .filter(v -> !v.container() && fresh.contains(v.source())).map(v -> "volumes_from " + v.source() + " (its container is new)").toList();
        if (!sources.isEmpty()) {
          result.set(i, new ContainerAction(Kind.RECREATE, a.service(), a.replica(), a.name(), a.existingId(), a.spec(), a.specJson(),
              a.hash(), sources));
          changed = true;
        }
      }
    }
    return result;
  }

  private Set<String> existingVolumes(String stack) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode v : EngineJson.volumesLabelled(docker, Labels.STACK, stack)) {
      // Files volumes (secrets and configs) follow their services, not the stack's volume list.
      if (!v.path("Labels").has(EngineFiles.LABEL)) {
        names.add(v.path("Name").asText());
      }
    }
    return names;
  }

  /**
   * Every container carrying the stack's label, running or not. Read as a JSON tree (see {@link
   * EngineJson}): every command that looks at a stack starts here.
   */
  public List<ExistingContainer> existingContainers(String stack) {
    return existingContainers(EngineJson.containersLabelled(docker, Labels.STACK, stack));
  }

  /** The containers of the engine's list {@code listed}. */
  private static List<ExistingContainer> existingContainers(JsonNode listed) {
    List<ExistingContainer> result = new ArrayList<>();
    for (JsonNode c : listed) {
      JsonNode labels = c.path("Labels");
      int replica;
      try {
        replica = Integer.parseInt(labels.path(Labels.REPLICA).asText("0"));
      } catch (NumberFormatException e) {
        replica = 0;
      }
      String id = c.path("Id").asText();
      JsonNode names = c.path("Names");
      String name = names.size() > 0 ? names.get(0).asText().replaceFirst("^/", "") : id;
      result.add(new ExistingContainer(id, name, labels.path(Labels.SERVICE).asText(""), replica, c.path("State").asText(""),
          labels.path(Labels.CONFIG_HASH).asText(""), labels.path(Labels.SPEC).asText("")));
    }
    return result;
  }

}
