package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.sentinel.dsl.Hook;
import dev.sentinel.dsl.ServiceBuilder;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.HostCommand;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose's {@code volumes_from} and lifecycle hooks ({@code post_start}, {@code pre_stop}) on a
 * real engine, judged by the engine's inspect and by what the hooks and mounts left in the
 * containers and volumes.
 */
class HooksAndVolumesFromIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("hooks");

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(HooksAndVolumesFromIT.class))
        .withServiceTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(dataAndReader("v1"), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  /** {@code data} writes {@code version} into its anonymous volume /shared; {@code reader} mounts it read-only. */
  private StackSpec dataAndReader(String version) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> s
        .service("reader", r -> r.image(image).command("sh", "-c", "exec sleep 3600").init().stopGracePeriod("1s")
            .volumesFrom("data:ro"))
        .service("data", d -> d.image(image).mountAnonymousVolume("/shared").init().stopGracePeriod("1s")
            .command("sh", "-c", "echo " + version + " > /shared/version && exec sleep 3600"))).base();
  }

  @Test
  void volumesFromMountsTheSourcesVolumesReadOnlyAfterItStartsAndFollowsTheSourceWhenItIsRecreated() throws Exception {
    target.apply(dataAndReader("v1"), options());
    InspectContainerResponse data = inspect("data");
    InspectContainerResponse reader = inspect("reader");

    assertThat(reader.getHostConfig().getVolumesFrom()).extracting(VolumesFrom::toString)
        .containsExactly(data.getName().substring(1) + ":ro");
    assertThat(Instant.parse(reader.getState().getStartedAt())).isAfterOrEqualTo(Instant.parse(data.getState().getStartedAt()));
    String anonymous = data.getMounts().get(0).getName();
    assertThat(reader.getMounts()).extracting(m -> m.getName() + " " + m.getDestination().getPath() + " rw=" + m.getRW())
        .containsExactly(anonymous + " /shared rw=false");
    assertThat(waitForFile(reader.getId(), "/shared/version")).isEqualTo("v1");
    assertThat(Exec.run(reader.getId(), "", "sh", "-c", "touch /shared/x 2>&1; echo exit=$?")).contains("Read-only file system");

    Plan plan = target.plan(dataAndReader("v2"), options());
    assertThat(plan.actions()).filteredOn(a -> a.type() == PlannedAction.ObjectType.CONTAINER && a.service().equals(java.util.Optional.of("reader")))
        .extracting(a -> a.kind() + " " + a.changes())
        .containsExactly("RECREATE [volumes_from data (its container is new)]");
    target.apply(dataAndReader("v2"), options());

    InspectContainerResponse newReader = inspect("reader");
    assertThat(newReader.getId()).isNotEqualTo(reader.getId());
    assertThat(waitForFile(newReader.getId(), "/shared/version")).isEqualTo("v2");
    assertThat(newReader.getMounts().get(0).getName()).isEqualTo(inspect("data").getMounts().get(0).getName()).isNotEqualTo(anonymous);
    assertThat(target.plan(dataAndReader("v2"), options()).isNoOp()).isTrue();

    target.down(dataAndReader("v2"), DownOptions.removeVolumesToo(), options());
    assertThat(docker.listVolumesCmd().exec().getVolumes()).extracting(v -> v.getName()).doesNotContain(anonymous,
        newReader.getMounts().get(0).getName());
  }

  /** {@code app} runs as user 1000 with a volume /marks; {@code changes} adds its hooks and the rest. */
  private StackSpec app(Consumer<ServiceBuilder> changes) {
    return Stack.define(name, s -> s
        .volume("marks")
        .service("app", a -> {
          a.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init().stopGracePeriod("1s")
              .user(1000, 1000).mountVolume("marks", "/marks");
          changes.accept(a);
        })).base();
  }

  private static void hooks(ServiceBuilder a) {
    a.postStart(Hook.command("sh", "-c", "echo \"$LEVEL $(id -u) $(pwd)\" > /marks/post && chown -R 1000 /marks")
            .withUser("root").withEnvironment("LEVEL", "2").withWorkingDir("/tmp"))
        .postStart(Hook.command("sh", "-c", "id -u >> /marks/post"))
        .preStop(Hook.command("sh", "-c", "echo \"drained $(hostname)\" >> /marks/pre"));
  }

  @Test
  void postStartHooksRunInOrderAsTheirUserAndPreStopRunsBeforeEachStopOnRecreateAndDown() throws Exception {
    target.apply(app(HooksAndVolumesFromIT::hooks), options());
    String first = inspect("app").getId();
    assertThat(Exec.run(first, "", "cat", "/marks/post")).isEqualTo("2 0 /tmp\n1000\n");
    assertThat(Exec.run(first, "", "sh", "-c", "cat /marks/pre 2>&1")).contains("No such file");

    target.apply(app(a -> hooks(a.env("VERSION", "2"))), options());
    String second = inspect("app").getId();
    assertThat(second).isNotEqualTo(first);
    assertThat(Exec.run(second, "", "cat", "/marks/pre")).isEqualTo("drained " + first.substring(0, 12) + "\n");

    target.down(app(a -> hooks(a.env("VERSION", "2"))), DownOptions.keepVolumes(), options());
    String volume = app(a -> {}).volumes().get("marks").engineName(name);
    assertThat(HostCommand.run(null, List.of("docker", "run", "--rm", "-v", volume + ":/m", TestImages.busybox(), "cat", "/m/pre")))
        .isEqualTo("drained " + first.substring(0, 12) + "\ndrained " + second.substring(0, 12) + "\n");
  }

  @Test
  void aFailingPostStartHookStopsTheNewContainerFailsTheServiceNamingTheHookAndRollsBack() {
    target.apply(app(a -> {}), options());
    String before = inspect("app").getId();

    assertThatThrownBy(() -> target.apply(app(a -> a.postStart(Hook.command("sh", "-c", "echo cannot warm the cache >&2; exit 3"))), options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("post_start hook `sh -c echo cannot warm the cache >&2; exit 3` exited with 3: cannot warm the cache")
        .satisfies(e -> assertThat(((ApplyException) e).rolledBack()).containsOnlyKeys("app"));

    InspectContainerResponse after = inspect("app");
    assertThat(after.getId()).isEqualTo(before);
    assertThat(after.getState().getRunning()).isTrue();
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).hasSize(1);
  }

  @Test
  void anOldContainerPutBackByAnAutomaticRollbackRunsItsOwnPostStartHooksAgain() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int fixedPort = port;
    // A fixed host port makes the replacement stop-first: the old container is stopped, and started again on rollback.
    java.util.function.Function<String, StackSpec> version = v -> app(a -> a.port("127.0.0.1:" + fixedPort + ":8080")
        .postStart(Hook.command("sh", "-c", "echo " + v + " >> /marks/started").withUser("root"))
        .healthCheck(h -> h.shell(v.equals("v1") ? "true" : "false").every("300ms").retries(2)));
    target.apply(version.apply("v1"), options());
    String before = inspect("app").getId();

    assertThatThrownBy(() -> target.apply(version.apply("v2"), options())).isInstanceOf(ApplyException.class)
        .satisfies(e -> assertThat(((ApplyException) e).rolledBack()).containsEntry("app", "healthy again"));

    assertThat(inspect("app").getId()).isEqualTo(before);
    // v1's hook at its first start, v2's at its start, and v1's again (from its own spec label) when the rollback restarted it.
    assertThat(Exec.run(before, "", "cat", "/marks/started")).isEqualTo("v1\nv2\nv1\n");
  }

  private InspectContainerResponse inspect(String service) {
    Container c = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.sentinel.stack", name, "dev.sentinel.service", service)).exec().stream()
        .filter(x -> !x.getNames()[0].endsWith(".previous")).findFirst().orElseThrow();
    return docker.inspectContainerCmd(c.getId()).exec();
  }

  /** The file's content without its newline, once the source container has written it. */
  private static String waitForFile(String container, String path) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String content = "";
    while (System.nanoTime() < deadline) {
      content = Exec.run(container, "", "sh", "-c", "cat " + path + " 2>/dev/null").strip();
      if (!content.isEmpty()) {
        return content;
      }
      Thread.sleep(100);
    }
    return content;
  }
}
