package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.ReusedStacks;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentinel reused}: lists and removes the stacks tests keep for reuse, found by their label,
 * and never a stack without it. What is left is read from the engine.
 */
class ReusedCommandIT {
  @TempDir Path state;

  private final String reused = TestObjects.uniqueName("reused");
  private final String ordinary = TestObjects.uniqueName("ordinary");

  @AfterEach
  void cleanUp() {
    StackCleanup.removeEverything(reused);
    StackCleanup.removeEverything(ordinary);
  }

  private void apply(String name, boolean reuseLabel) {
    StackSpec spec = Stack.define(name, s -> s
        .volume("data", v -> {})
        .service("app", a -> a.image(TestImages.busybox()).command("sleep", "3600").init().mountVolume("data", "/data")
            .stopGracePeriod("1s"))).base();
    Map<String, String> labels = new HashMap<>(TestObjects.labels(ReusedCommandIT.class));
    if (reuseLabel) {
      labels.put(ReusedStacks.LABEL, "true");
    }
    try (Engine engine = Engine.at(TestEngine.address())) {
      EngineTarget.on(engine).apply(spec, ApplyOptions.defaults().withStateDirectory(state.resolve(name)).withExtraLabels(labels));
    }
  }

  private static int objectsOf(String stack) {
    var docker = TestEngine.client();
    List<String> filter = List.of("dev.sentinel.stack=" + stack);
    var volumes = docker.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec().size()
        + docker.listNetworksCmd().withFilter("label", filter).exec().size() + (volumes == null ? 0 : volumes.size());
  }

  @Test
  void listsOnlyLabelledStacksAndRemovesThemLeavingAnUnlabelledStackAlone() {
    apply(reused, true);
    apply(ordinary, false);

    CliRun list = CliRun.of("reused");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains(reused + "  (1 containers, 1 networks, 1 volumes)").doesNotContain(ordinary);

    CliRun remove = CliRun.of("reused", "--remove", reused, ordinary);
    assertThat(remove.exitCode()).as(remove.err()).isZero();
    assertThat(remove.out()).contains("removed " + reused).doesNotContain(ordinary);
    assertThat(objectsOf(reused)).as("objects left of the reused stack").isZero();
    assertThat(objectsOf(ordinary)).as("the unlabelled stack's container, network and volume").isEqualTo(3);

    assertThat(CliRun.of("reused", reused).out()).contains("no reused stack named " + reused);
  }
}
