package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Cleanup;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects made outside Sentinel that carry names the stack needs are found by the plan; the apply changes nothing. */
class ForeignObjectsIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("foreign");

  @TempDir Path state;

  private StackSpec stack() {
    String image = TestImages.busybox();
    return Stack.define(name, s -> s.network("back").volume("data")
        .service("web", w -> w.image(image).command("sleep", "3600").init().network("back").mountVolume("data", "/data"))).base();
  }

  @AfterEach
  void removeEverything() {
    Cleanup.run(() -> docker.removeContainerCmd(name + "-web-1").withForce(true).exec());
    Cleanup.run(() -> docker.removeNetworkCmd(name + "_back").exec());
    Cleanup.run(() -> docker.removeVolumeCmd(name + "_data").exec());
    StackCleanup.removeEverything(name);
    engine.close();
  }

  @Test
  void aContainerNetworkAndVolumeWithTheStacksNamesButNotItsLabelAreRefusedByThePlanAndTheApplyCreatesNothing() {
    Map<String, String> testLabels = TestObjects.labels(ForeignObjectsIT.class);
    docker.createContainerCmd(TestImages.busybox()).withName(name + "-web-1").withCmd("true").withLabels(testLabels).exec();
    docker.createNetworkCmd().withName(name + "_back").withLabels(Map.of("com.docker.compose.project", "legacy")).exec();
    docker.createVolumeCmd().withName(name + "_data").withLabels(testLabels).exec();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(testLabels);

    assertThatThrownBy(() -> target.plan(stack(), options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stack \"" + name + "\" cannot be applied to the engine target; nothing was changed")
        .hasMessageContaining("network " + name + "_back exists but is not the stack's (Compose project legacy's): remove it, or declare it external")
        .hasMessageContaining("volume " + name + "_data exists but is not the stack's (no dev.sentinel.stack=" + name + " label): declare it external")
        .hasMessageContaining("container " + name + "-web-1 exists but is not the stack's (no dev.sentinel.stack=" + name + " label): remove or rename it");
    assertThatThrownBy(() -> target.apply(stack(), options)).isInstanceOf(IllegalStateException.class);
    assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
    assertThat(docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes()).isNullOrEmpty();
  }
}
