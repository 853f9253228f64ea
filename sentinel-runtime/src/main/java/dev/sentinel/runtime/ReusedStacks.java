package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.runtime.internal.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The stacks integration tests keep running between runs ({@code SentinelStackContainer.withReuse()}),
 * found on an engine by the label {@value #LABEL} on everything they create, never by name, so no
 * other stack is mistaken for one. {@code sentinel reused} lists them; {@code sentinel reused
 * --remove} removes them.
 *
 * <pre>{@code
 * try (Engine engine = Engine.fromEnvironment()) {
 *   ReusedStacks.remove(engine, name -> true).forEach(s -> System.out.println("removed " + s.name()));
 * }
 * }</pre>
 */
public final class ReusedStacks {
  /** The label on every container, network and volume of a reused stack. */
  public static final String LABEL = "dev.sentinel.reuse";

  private ReusedStacks() {}

  /**
   * One reused stack as found on the engine.
   *
   * @param name the stack's name
   * @param containers its containers, running or not
   * @param networks its networks
   * @param volumes its volumes (test data kept with it)
   */
  public record Found(String name, int containers, int networks, int volumes) {}

  /** Every reused stack on {@code engine}, by name. */
  public static List<Found> list(Engine engine) {
    return List.copyOf(scan(engine.requests(), name -> true, false).values());
  }

  /**
   * Removes the reused stacks whose name {@code stackName} accepts: containers (with their anonymous
   * volumes), networks, volumes, and the state they keep on this machine ({@link #stateDirectory}).
   *
   * @return what was removed
   */
  public static List<Found> remove(Engine engine, Predicate<String> stackName) {
    checkNotNull(stackName, "stackName");
    List<Found> removed = List.copyOf(scan(engine.requests(), stackName, true).values());
    removed.forEach(found -> deleteRecursively(stateDirectory(found.name())));
    return removed;
  }

  /** Where a reused stack keeps its state (its generated secrets among it) between JVMs on this machine. */
  public static Path stateDirectory(String stack) {
    return Path.of(System.getProperty("java.io.tmpdir"), "sentinel-reuse", stack);
  }

  private static SortedMap<String, Found> scan(DockerClient docker, Predicate<String> stackName, boolean remove) {
    SortedMap<String, Found> stacks = new TreeMap<>();
    List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, "true")).exec();
    for (Container c : containers) {
      count(stacks, stackName, c.getLabels().getOrDefault(Labels.STACK, c.getId()), 1, 0, 0, remove,
          () -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
    }
    List<String> filter = List.of(LABEL + "=true");
    docker.listNetworksCmd().withFilter("label", filter).exec().forEach(n -> count(stacks, stackName,
        n.getLabels().getOrDefault(Labels.STACK, n.getName()), 0, 1, 0, remove, () -> docker.removeNetworkCmd(n.getId()).exec()));
    var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> count(stacks, stackName,
          (v.getLabels() == null ? Map.<String, String>of() : v.getLabels()).getOrDefault(Labels.STACK, v.getName()), 0, 0, 1, remove,
          () -> docker.removeVolumeCmd(v.getName()).exec()));
    }
    return stacks;
  }

  private static void count(SortedMap<String, Found> stacks, Predicate<String> stackName, String stack, int c, int n, int v,
      boolean remove, Runnable removal) {
    if (!stackName.test(stack)) {
      return;
    }
    stacks.merge(stack, new Found(stack, c, n, v),
        (a, b) -> new Found(stack, a.containers() + b.containers(), a.networks() + b.networks(), a.volumes() + b.volumes()));
    if (remove) {
      try {
        removal.run();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the directory holds nothing the engine needs
    }
  }
}
