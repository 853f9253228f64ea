package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.ProgressListener;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Takes a stack down: stops containers in reverse dependency order (a service stops once every
 * service that depends on it has stopped; independent ones in parallel), honouring each service's
 * grace period and stop signal, then removes containers, networks and, when asked, volumes. Only
 * objects that carry the stack's label are touched, so external networks and volumes never are.
 */
public final class Downer {
  private final DockerClient docker;
  private final ProgressListener listener;

  public Downer(DockerClient docker, ProgressListener listener) {
    this.docker = docker;
    this.listener = listener;
  }

  public void down(StackSpec spec, List<ExistingContainer> containers, boolean removeVolumes) {
    Map<String, List<ExistingContainer>> byService = new HashMap<>();
    containers.forEach(c -> byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c));
    Map<String, List<String>> dependents = new HashMap<>();
    spec.services().values().forEach(s -> s.lifecycle().dependsOn().keySet().forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s.name())));
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sentinel-down-" + spec.name());
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, CompletableFuture<Void>> stopped = new HashMap<>();
      for (String service : byService.keySet()) {
        stopFuture(service, spec, byService, dependents, stopped, pool);
      }
      CompletableFuture.allOf(stopped.values().toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    String label = Labels.STACK + "=" + spec.name();
    // A JSON tree (see EngineJson): docker-java's network model is large for an ID and a name.
    List<String> kept = new ArrayList<>();
    EngineJson.networksLabelled(docker, Labels.STACK, spec.name()).forEach(n -> {
      String name = n.path("Name").asText();
      try {
        docker.removeNetworkCmd(n.path("Id").asText()).exec();
        listener.on(new ProgressEvent.Removed(Optional.empty(), "network " + name));
      } catch (NotFoundException gone) {
        // removed meanwhile
      } catch (DockerException e) {
        if (e.getMessage() == null || !e.getMessage().contains("active endpoints")) {
          throw e;
        }
        kept.add(inUse(name));
      }
    });
    // Secret and config files go with the containers, whatever happens to the data.
    removeFilesVolumes(spec.name(), Set.of());
    if (removeVolumes) {
      // Only the stack's own volumes: labelled with the stack *and* named as one of its volumes.
      java.util.Set<String> own = new java.util.HashSet<>();
      spec.volumes().values().stream().filter(v -> !v.external()).forEach(v -> own.add(v.engineName(spec.name())));
      var volumes = docker.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
      if (volumes != null) {
        volumes.stream().filter(v -> own.contains(v.getName())).forEach(v -> {
          docker.removeVolumeCmd(v.getName()).exec();
          listener.on(new ProgressEvent.Removed(Optional.empty(), "volume " + v.getName()));
        });
      }
    }
    if (!kept.isEmpty()) {
      throw new IllegalStateException("stack \"" + spec.name() + "\" is down but for its networks:\n  " + String.join("\n  ", kept));
    }
  }

  /**
   * Why the engine refused to remove {@code network} for "active endpoints": the containers still
   * on it (not the stack's: the stack's are gone by now), or none, which is the engine's own fault.
   */
  private String inUse(String network) {
    List<String> attached = new ArrayList<>();
    EngineJson.network(docker, network).ifPresent(n -> n.path("Containers").forEach(c -> attached.add(c.path("Name").asText())));
    if (!attached.isEmpty()) {
      return "network " + network + " is kept: containers that are not the stack's are attached to it (" + String.join(", ", attached)
          + "); disconnect them (docker network disconnect " + network + " NAME) and run down again";
    }
    // moby/moby#43286: seen on 20.10 after a client was killed in the middle of creating or
    // starting a container on the network; the count survives everything but an engine restart.
    return "network " + network + " is kept: the engine counts an endpoint on it although no container is attached"
        + " (a known engine fault, moby/moby#43286); it can be removed (docker network rm " + network + ") once the engine has restarted";
  }

  private void remove(ExistingContainer c) {
    try {
      docker.removeContainerCmd(c.id()).withForce(true).withRemoveVolumes(true).exec();
      listener.on(new ProgressEvent.Removed(Optional.of(c.service()), c.name()));
    } catch (NotFoundException gone) {
      // removed meanwhile
    }
  }

  /**
   * Removes the stack's secret and config volumes except {@code keep}; one a container still
   * mounts (the engine refuses) stays for a later apply or down.
   */
  public void removeFilesVolumes(String stack, Set<String> keep) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(Labels.STACK + "=" + stack, EngineFiles.LABEL)).exec().getVolumes();
    for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
      if (keep.contains(v.getName())) {
        continue;
      }
      try {
        docker.removeVolumeCmd(v.getName()).exec();
        listener.on(new ProgressEvent.Removed(Optional.empty(), "volume " + v.getName()));
      } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException inUseOrGone) {
        // gone meanwhile, or still mounted by a container that is not the stack's to remove
      }
    }
  }

  private CompletableFuture<Void> stopFuture(String service, StackSpec spec, Map<String, List<ExistingContainer>> byService,
      Map<String, List<String>> dependents, Map<String, CompletableFuture<Void>> stopped, ExecutorService pool) {
    CompletableFuture<Void> existing = stopped.get(service);
    if (existing != null) {
      return existing;
    }
    // Placeholder first: a dependency cycle cannot exist in a valid spec, but must not recurse forever.
    stopped.put(service, CompletableFuture.completedFuture(null));
    List<CompletableFuture<Void>> before = new ArrayList<>();
    for (String dependent : dependents.getOrDefault(service, List.of())) {
      if (byService.containsKey(dependent)) {
        before.add(stopFuture(dependent, spec, byService, dependents, stopped, pool));
      }
    }
    int grace = Optional.ofNullable(spec.services().get(service)).flatMap(s -> s.lifecycle().stopGracePeriod())
        .map(d -> (int) d.toSeconds()).orElse(10);
    CompletableFuture<Void> f = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> byService.get(service).parallelStream().forEach(c -> {
          Containers.stop(docker, c, grace);
          // Removed as soon as it stopped, as Compose does, not after the whole stack stopped.
          remove(c);
        }), pool);
    stopped.put(service, f);
    return f;
  }
}
