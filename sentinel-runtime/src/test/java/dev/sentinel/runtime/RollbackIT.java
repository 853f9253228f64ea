package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.ServiceBuilder;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part (d) of the fault harness: a recreated service whose new version never becomes healthy goes
 * back to the container it had, judged by the engine's inspect (same container ID, its old config
 * hash, running and healthy), with the new version's failure reported.
 */
class RollbackIT {
  private static final String HTTPD = "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";
  private static final String BROKEN = "echo new version starting; echo checking port 9 >&2; nc -z 127.0.0.1 9";

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("rollback");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(RollbackIT.class))
        .withServiceTimeout(Duration.ofSeconds(20)).withListener(events::add);
  }

  /** db <- api (healthy) <- web; {@code api} configured further by {@code apiChanges}. */
  private StackSpec stack(Consumer<ServiceBuilder> apiChanges) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> s
        .service("db", db -> db.image(image).command("sh", "-c", HTTPD)
            .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3)).stopGracePeriod("1s"))
        .service("api", api -> {
          api.image(image).command("sh", "-c", HTTPD)
              .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3))
              .dependsOn("db", Dependency.Condition.HEALTHY).stopGracePeriod("1s");
          apiChanges.accept(api);
        })
        .service("web", web -> web.image(image).command("sh", "-c", "exec sleep 3600").init()
            .dependsOn("api", Dependency.Condition.HEALTHY).env("API", "v1").stopGracePeriod("1s"))).base();
  }

  /** The same stack with api's new version broken (its health test never passes) and web changed too. */
  private StackSpec brokenApi(Consumer<ServiceBuilder> apiChanges) {
    return Stack.define(name, s -> s
        .service("db", db -> db.image(TestImages.busybox()).command("sh", "-c", HTTPD)
            .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3)).stopGracePeriod("1s"))
        .service("api", api -> {
          api.image(TestImages.busybox()).command("sh", "-c", "echo new version starting; " + HTTPD)
              .healthCheck(h -> h.shell(BROKEN).every("200ms").retries(2))
              .dependsOn("db", Dependency.Condition.HEALTHY).stopGracePeriod("1s");
          apiChanges.accept(api);
        })
        .service("web", web -> web.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init()
            .dependsOn("api", Dependency.Condition.HEALTHY).env("API", "v2").stopGracePeriod("1s"))).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack(a -> {}), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void aServiceWithoutFixedPortsKeepsRunningWhileItsBrokenVersionFailsAndIsHealthyWithItsOldConfigurationAfterwards() {
    target.apply(stack(a -> {}), options());
    InspectContainerResponse before = api();
    String webBefore = container("web").getId();

    assertThatThrownBy(() -> target.apply(brokenApi(a -> {}), options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("service \"api\" did not become healthy")
        .hasMessageContaining("checking port 9")
        .hasMessageContaining("new version starting")
        .hasMessageContaining("rolled back to its previous containers: api (healthy again)")
        .satisfies(e -> {
          assertThat(((ApplyException) e).rolledBack()).containsExactly(Map.entry("api", "healthy again"));
          assertThat(((ApplyException) e).notStarted()).containsExactly("web");
        });

    InspectContainerResponse after = api();
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getConfig().getLabels().get("dev.sentinel.config-hash"))
        .isEqualTo(before.getConfig().getLabels().get("dev.sentinel.config-hash"));
    assertThat(after.getState().getHealth().getStatus()).isEqualTo("healthy");
    // start-first: the old container was never stopped while the new one was tried
    assertThat(after.getState().getStartedAt()).isEqualTo(before.getState().getStartedAt());
    assertThat(stackContainerNames()).containsExactlyInAnyOrder(name + "-db-1", name + "-api-1", name + "-web-1");
    assertThat(container("web").getId()).isEqualTo(webBefore); // its change waits for a healthy api
    assertThat(events).filteredOn(ProgressEvent.RolledBack.class::isInstance).map(e -> ((ProgressEvent.RolledBack) e).serviceName())
        .containsExactly("api");
  }

  @Test
  void aServiceWithAFixedHostPortIsStoppedBeforeItsBrokenVersionStartsAndRestartedOnRollback() throws Exception {
    int port = freePort();
    target.apply(stack(a -> a.port("127.0.0.1:" + port + ":8080")), options());
    InspectContainerResponse before = api();

    assertThatThrownBy(() -> target.apply(brokenApi(a -> a.port("127.0.0.1:" + port + ":8080")), options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("rolled back to its previous containers: api (healthy again)");

    InspectContainerResponse after = api();
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getState().getHealth().getStatus()).isEqualTo("healthy");
    // stop-first: the port could not be held by both, so the old one was stopped and started again
    assertThat(after.getState().getStartedAt()).isNotEqualTo(before.getState().getStartedAt());
    assertThat(after.getNetworkSettings().getPorts().getBindings().values()).anySatisfy(bindings ->
        assertThat(bindings).anySatisfy(b -> assertThat(b.getHostPortSpec()).isEqualTo(Integer.toString(port))));
    assertThat(stackContainerNames()).containsExactlyInAnyOrder(name + "-db-1", name + "-api-1", name + "-web-1");
  }

  @Test
  void withoutRollbackTheBrokenNewContainerStaysForInspectionAndTheOldOneIsGone() {
    target.apply(stack(a -> {}), options());
    String oldId = api().getId();

    assertThatThrownBy(() -> target.apply(brokenApi(a -> {}), options().withRollback(false)))
        .isInstanceOf(ApplyException.class)
        .hasMessageNotContaining("rolled back")
        .satisfies(e -> assertThat(((ApplyException) e).rolledBack()).isEmpty());

    assertThat(api().getId()).isNotEqualTo(oldId);
    assertThat(api().getState().getHealth().getStatus()).isEqualTo("unhealthy");
    assertThat(stackContainerNames()).containsExactlyInAnyOrder(name + "-db-1", name + "-api-1", name + "-web-1");
  }

  @Test
  void aSucceedingChangeLeavesNoPreviousContainerBehind() {
    target.apply(stack(a -> {}), options());
    String oldId = api().getId();
    target.apply(stack(a -> a.env("LEVEL", "2")), options());
    assertThat(api().getId()).isNotEqualTo(oldId);
    assertThat(stackContainerNames()).containsExactlyInAnyOrder(name + "-db-1", name + "-api-1", name + "-web-1");
  }

  @Test
  void aContainerLeftUnderItsPreviousNameByAnInterruptedApplyIsPlannedForRemovalAndTheNextApplyConverges() {
    target.apply(stack(a -> {}), options());
    // What an apply killed between setting the old container aside and creating the new one leaves.
    docker.renameContainerCmd(api().getId()).withName(name + "-api-1.previous").exec();

    Plan plan = target.plan(stack(a -> {}), options());
    assertThat(plan.changes()).extracting(a -> a.kind() + " " + a.name() + " (" + a.reason() + ")").containsExactlyInAnyOrder(
        "REMOVE " + name + "-api-1.previous (left by an interrupted apply)", "CREATE " + name + "-api-1 (set aside by an interrupted apply)");
    target.apply(stack(a -> {}), options());
    assertThat(stackContainerNames()).containsExactlyInAnyOrder(name + "-db-1", name + "-api-1", name + "-web-1");
    assertThat(api().getState().getHealth().getStatus()).isEqualTo("healthy");
    assertThat(target.plan(stack(a -> {}), options()).isNoOp()).isTrue();
  }

  @Test
  void rollbackOnDemandReturnsAHealthyButUnwantedChangeToThePreviousApplyAndASecondRollbackUndoesIt() throws Exception {
    java.util.function.IntFunction<StackSpec> version = v -> Stack.define(name, s -> s
        .config("app", c -> c.content("version = " + v + "\n"))
        .service("db", db -> db.image(TestImages.busybox()).command("sh", "-c", HTTPD)
            .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3)).stopGracePeriod("1s"))
        .service("api", api -> api.image(TestImages.busybox()).command("sh", "-c", HTTPD).env("VERSION", Integer.toString(v))
            .config("app", "/etc/app.conf").healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3))
            .dependsOn("db", Dependency.Condition.HEALTHY).stopGracePeriod("1s"))).base();
    assertThatThrownBy(() -> target.rollback(name, options())).hasMessageContaining("nothing to roll back to");
    target.apply(version.apply(1), options());
    String v1Hash = api().getConfig().getLabels().get("dev.sentinel.config-hash");
    String dbId = container("db").getId();
    target.apply(version.apply(2), options());
    assertThat(api().getConfig().getEnv()).contains("VERSION=2");

    Plan undone = target.rollback(name, options());
    assertThat(undone.changes()).extracting(a -> a.kind() + " " + a.name()).containsExactly("RECREATE " + name + "-api-1");
    assertThat(api().getConfig().getEnv()).contains("VERSION=1");
    assertThat(api().getConfig().getLabels().get("dev.sentinel.config-hash")).isEqualTo(v1Hash);
    assertThat(api().getState().getHealth().getStatus()).isEqualTo("healthy");
    assertThat(dev.sentinel.testing.Exec.run(name + "-api-1", "", "cat", "/etc/app.conf")).isEqualTo("version = 1\n");
    assertThat(container("db").getId()).isEqualTo(dbId);
    // The definition still says version 2: a plan shows it, and a second rollback returns to it.
    assertThat(target.plan(version.apply(2), options()).isNoOp()).isFalse();
    target.rollback(name, options());
    assertThat(api().getConfig().getEnv()).contains("VERSION=2");
    assertThat(target.plan(version.apply(2), options()).isNoOp()).isTrue();
  }

  @Test
  void rollbackOnDemandPutsANetworkBackWithItsRecordedAddressPlanAndTheContainersOnItAndAForeignContainerStopsItFirst() throws Exception {
    java.util.function.IntFunction<StackSpec> version = v -> Stack.define(name, s -> s
        .network("back", n -> n.subnet("10.23" + v + ".0.0/24"))
        .service("db", db -> db.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init().network("back").stopGracePeriod("1s"))
        .service("api", api -> api.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init().network("back")
            .dependsOn("db").stopGracePeriod("1s"))).base();
    String network = name + "_back";
    target.apply(version.apply(1), options());
    target.apply(version.apply(2), options());
    assertThat(subnets(network)).containsExactly("10.232.0.0/24");

    String foreign = docker.createContainerCmd(TestImages.busybox()).withName(name + "-visitor").withCmd("sleep", "3600")
        .withLabels(TestObjects.labels(RollbackIT.class)).exec().getId();
    try {
      docker.connectToNetworkCmd().withNetworkId(network).withContainerId(foreign).exec();
      docker.startContainerCmd(foreign).exec();
      assertThatThrownBy(() -> target.rollback(name, options()))
          .hasMessageContaining("network " + network + " must be rolled back (ipam differ)")
          .hasMessageContaining("containers that are not the stack's are attached to it: " + foreign);
      assertThat(subnets(network)).as("nothing changed").containsExactly("10.232.0.0/24");
    } finally {
      docker.removeContainerCmd(foreign).withForce(true).exec();
    }

    Plan undone = target.rollback(name, options());
    assertThat(undone.changes()).extracting(a -> a.kind() + " " + a.type() + " " + a.name())
        .containsExactly("RECREATE NETWORK " + network, "CREATE CONTAINER " + name + "-db-1", "CREATE CONTAINER " + name + "-api-1");
    assertThat(subnets(network)).containsExactly("10.231.0.0/24");
    for (String service : List.of("db", "api")) {
      var inspect = docker.inspectContainerCmd(container(service).getId()).exec();
      assertThat(inspect.getState().getRunning()).as(service).isTrue();
      assertThat(inspect.getNetworkSettings().getNetworks().get(network).getIpAddress()).as(service).startsWith("10.231.0.");
    }
    assertThat(target.plan(version.apply(1), options()).isNoOp()).isTrue();
  }

  private List<String> subnets(String network) {
    return docker.inspectNetworkCmd().withNetworkId(network).exec().getIpam().getConfig().stream()
        .map(com.github.dockerjava.api.model.Network.Ipam.Config::getSubnet).toList();
  }

  private InspectContainerResponse api() {
    return docker.inspectContainerCmd(name + "-api-1").exec();
  }

  private Container container(String service) {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name, "dev.sentinel.service", service))
        .exec().get(0);
  }

  private List<String> stackContainerNames() {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec().stream()
        .map(c -> c.getNames()[0].substring(1)).toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
