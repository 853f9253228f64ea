package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift: changes made to a running stack outside Sentinel, with the Docker API as a user's {@code
 * docker update}, {@code docker network disconnect}, {@code docker stop}, {@code docker rm} and
 * {@code docker run --network} would make them. The plan names each with its field and both
 * values; {@code up} puts back what the stack owns and leaves the foreign container alone.
 */
class DriftIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("drift");
  private final String intruder = name + "-intruder";

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(DriftIT.class))
        .withServiceTimeout(Duration.ofSeconds(30));
  }

  private StackSpec stack() {
    String image = TestImages.busybox();
    return Stack.define(name, s -> s.network("front").network("back")
        .service("db", db -> db.image(image).command("sleep", "3600").init().network("back").memoryLimit("64m").restart("unless-stopped"))
        .service("api", api -> api.image(image).command("sleep", "3600").init().network("back").network("front"))
        .service("web", web -> web.image(image).command("sleep", "3600").init().network("front"))
        .service("worker", w -> w.image(image).command("sleep", "3600").init().network("back").blkio(b -> b.weight(300)))).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      docker.removeContainerCmd(intruder).withForce(true).exec();
    } catch (RuntimeException absent) {
      // not created
    }
    StackCleanup.removeEverything(name);
    engine.close();
  }

  @Test
  void changesMadeOutsideSentinelAreNamedWithBothValuesAndUpPutsBackWhatTheStackOwns() {
    target.apply(stack(), options());
    String back = name + "_back";
    String front = name + "_front";
    docker.updateContainerCmd(name + "-db-1").withMemory(96L * 1024 * 1024).withMemorySwap(192L * 1024 * 1024).exec();
    docker.updateContainerCmd(name + "-db-1").withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.alwaysRestart()).exec();
    docker.disconnectFromNetworkCmd().withNetworkId(front).withContainerId(name + "-api-1").exec();
    docker.stopContainerCmd(name + "-web-1").withTimeout(1).exec();
    docker.removeContainerCmd(name + "-worker-1").withForce(true).exec();
    String intruderId = docker.createContainerCmd(TestImages.busybox()).withName(intruder).withCmd("sleep", "3600")
        .withLabels(TestObjects.labels(DriftIT.class)).withHostConfig(HostConfig.newHostConfig().withNetworkMode(back).withInit(true))
        .exec().getId();
    docker.startContainerCmd(intruderId).exec();

    Plan plan = target.plan(stack(), options());
    Map<String, PlannedAction> byName = new java.util.HashMap<>();
    plan.actions().forEach(a -> byName.put(a.name(), a));
    assertThat(byName.get(name + "-db-1").kind()).isEqualTo(PlannedAction.Kind.RECREATE);
    assertThat(byName.get(name + "-db-1").changes()).containsExactlyInAnyOrder(
        "memoryBytes: 100663296 on the engine, 67108864 defined (changed outside Sentinel)",
        "restart: always on the engine, unless-stopped defined (changed outside Sentinel)");
    assertThat(byName.get(name + "-api-1").changes()).containsExactly(
        "network " + front + ": disconnected on the engine, joined in the definition (changed outside Sentinel)");
    assertThat(byName.get(name + "-web-1").kind()).isEqualTo(PlannedAction.Kind.START);
    assertThat(byName.get(name + "-web-1").reason()).isEqualTo("stopped outside Sentinel");
    assertThat(byName.get(name + "-worker-1").kind()).isEqualTo(PlannedAction.Kind.CREATE);
    assertThat(byName.get(name + "-worker-1").reason()).isEqualTo("removed outside Sentinel");
    assertThat(byName.get(back).kind()).isEqualTo(PlannedAction.Kind.UNCHANGED);
    assertThat(byName.get(back).reason()).endsWith("attached outside the stack, left alone: " + intruder);

    target.apply(stack(), options());
    var db = docker.inspectContainerCmd(name + "-db-1").exec();
    assertThat(db.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
    assertThat(db.getHostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
    assertThat(docker.inspectContainerCmd(name + "-api-1").exec().getNetworkSettings().getNetworks()).containsKeys(back, front);
    assertThat(docker.inspectContainerCmd(name + "-web-1").exec().getState().getRunning()).isTrue();
    assertThat(docker.inspectContainerCmd(name + "-worker-1").exec().getState().getRunning()).isTrue();
    var foreign = docker.inspectContainerCmd(intruder).exec();
    assertThat(foreign.getId()).isEqualTo(intruderId);
    assertThat(foreign.getState().getRunning()).isTrue();
    assertThat(target.plan(stack(), options()).isNoOp()).isTrue();
  }

  @Test
  void anAppliedStackReplansAsANoOpIncludingABlockIoWeightTheKernelMayHaveDiscarded() {
    // Kernels without the blkio weight cgroup drop it at creation (the engine warns): not drift.
    target.apply(stack(), options());
    assertThat(target.plan(stack(), options()).isNoOp()).isTrue();
  }
}
