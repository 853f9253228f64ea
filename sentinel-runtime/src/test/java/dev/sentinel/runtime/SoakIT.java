package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part (c) of the fault harness: a 50-service stack brought up and down again and again, and one
 * service changed again and again, judged by the engine (objects carrying the stack's label; the
 * secret and config files volumes: the current and the previous apply's) and by the state
 * directory (no secret or config file on this machine; the audit log is append-only by design). CI runs 3 cycles and 10
 * changes; {@code -Dsentinel.harness.soakCycles=N} and {@code -Dsentinel.harness.soakChanges=N}
 * run more.
 */
class SoakIT {
  private static final int SERVICES = 50;
  private static final int CYCLES = Integer.getInteger("sentinel.harness.soakCycles", 3);
  private static final int CHANGES = Integer.getInteger("sentinel.harness.soakChanges", 10);

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("soak");

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(SoakIT.class))
        .withServiceTimeout(Duration.ofSeconds(60)).withParallelism(8);
  }

  /** 50 services on two networks with a volume, a secret and a config; {@code version} changes s0's config and environment. */
  private StackSpec stack(int version) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> {
      s.network("a").network("b").volume("data").secret("token", x -> x.generated(16))
          .config("app", c -> c.content("version = " + version + "\n"));
      for (int i = 0; i < SERVICES; i++) {
        int n = i;
        s.service("s" + i, svc -> {
          svc.image(image).command("sleep", "3600").init().network(n % 2 == 0 ? "a" : "b").stopGracePeriod("2s");
          if (n == 0) {
            svc.env("VERSION", Integer.toString(version)).config("app", "/etc/app.conf").secret("token").mountVolume("data", "/data");
          }
        });
      }
    }).base();
  }

  @AfterEach
  void removeTheStack() {
    StackCleanup.removeEverything(name);
    engine.close();
  }

  @Test
  void fiftyServicesUpAndDownRepeatedlyAndOneServiceChangedRepeatedlyLeakNoObjectsAndNoStateFiles() throws Exception {
    int cycles = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      target.apply(stack(0), options());
      assertThat(containers()).hasSize(SERVICES);
      target.down(stack(0), DownOptions.removeVolumesToo(), options());
      assertThat(labelledObjects()).as("objects left after down, cycle %s", cycle).isEmpty();
      assertThat(stateFiles()).as("state files after down, cycle %s", cycle).isEmpty();
      cycles++;
    }

    target.apply(stack(0), options());
    List<String> filesBefore = filesVolumes();
    assertThat(filesBefore).as("s0's files volume").hasSize(1);
    String untouched = docker.inspectContainerCmd(name + "-s1-1").exec().getId();
    for (int version = 1; version <= CHANGES; version++) {
      target.apply(stack(version), options());
      var s0 = docker.inspectContainerCmd(name + "-s0-1").exec();
      assertThat(s0.getConfig().getEnv()).contains("VERSION=" + version);
      assertThat(containers()).as("containers after change %s", version).hasSize(SERVICES);
      // The previous apply's files volume stays (a rollback returns to it): one more, never more.
      assertThat(filesVolumes()).as("files volumes after change %s", version).hasSize(filesBefore.size() + 1);
      assertThat(stateFiles()).as("secret and config files on this machine after change %s", version).isEmpty();
    }
    assertThat(docker.inspectContainerCmd(name + "-s1-1").exec().getId()).isEqualTo(untouched);
    target.down(stack(CHANGES), DownOptions.removeVolumesToo(), options());
    assertThat(labelledObjects()).isEmpty();
    System.out.println("soak: " + cycles + " up/down cycles of " + SERVICES + " services, " + CHANGES
        + " changes of one service; 0 objects and 0 state files left");
  }

  private List<String> containers() {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec().stream()
        .map(c -> c.getNames()[0]).toList();
  }

  private List<String> labelledObjects() {
    List<String> all = new java.util.ArrayList<>(containers());
    docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().forEach(n -> all.add("network " + n.getName()));
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes();
    if (volumes != null) {
      volumes.forEach(v -> all.add("volume " + v.getName()));
    }
    return all;
  }

  /** The stack's volumes holding secret and config files. */
  private List<String> filesVolumes() {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name, "dev.sentinel.files")).exec().getVolumes();
    return volumes == null ? List.of() : volumes.stream().map(v -> v.getName()).sorted().toList();
  }

  /** Secret and config files under the state directory, where a Sentinel before files volumes wrote them (under {@code run/<stack>}). */
  private List<String> stateFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(state.resolve("run"))) {
      return walk.filter(Files::isRegularFile).map(p -> state.relativize(p).toString()).sorted().toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    }
  }
}
