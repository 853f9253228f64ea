package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose's anonymous volume ({@code volumes: [/cache]}): the engine creates one for the container,
 * an unchanged re-apply keeps it, and it is removed with the container (nothing is left behind).
 * Judged by the engine's inspect of the container and the volume.
 */
class AnonymousVolumeIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("anon");

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(AnonymousVolumeIT.class))
        .withServiceTimeout(Duration.ofSeconds(30));
  }

  private StackSpec stack() {
    return Stack.define(name, s -> s.service("app", a -> a.image(TestImages.busybox()).command("sleep", "3600")
        .mountAnonymousVolume("/cache").stopGracePeriod("1s"))).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack(), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void theEngineCreatesItKeepsItOnANoOpApplyAndRemovesItWithTheContainer() throws Exception {
    target.apply(stack(), options());
    InspectContainerResponse.Mount mount = cacheMount(name + "-app-1");
    String volume = mount.getName();
    assertThat(volume).as("an engine-generated name").matches("[0-9a-f]{64}");
    assertThat(docker.inspectVolumeCmd(volume).exec().getName()).isEqualTo(volume);
    Exec.run(name + "-app-1", "", "sh", "-c", "echo kept > /cache/file");

    assertThat(target.apply(stack(), options()).isNoOp()).isTrue();
    assertThat(cacheMount(name + "-app-1").getName()).isEqualTo(volume);
    assertThat(Exec.run(name + "-app-1", "", "cat", "/cache/file")).isEqualTo("kept\n");

    // Even a down that keeps the stack's named volumes removes the anonymous one with its container.
    target.down(stack(), DownOptions.keepVolumes(), options());
    assertThatThrownBy(() -> docker.inspectVolumeCmd(volume).exec()).isInstanceOf(NotFoundException.class);
  }

  private InspectContainerResponse.Mount cacheMount(String container) {
    return docker.inspectContainerCmd(container).exec().getMounts().stream()
        .filter(m -> m.getDestination() != null && m.getDestination().getPath().equals("/cache")).findFirst().orElseThrow();
  }
}
