package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.ServiceBuilder;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.UpdateConfig;
import dev.sentinel.testing.Cleanup;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Swarm target on a single-node swarm, initialised here only if the engine is not in one, and
 * left again afterwards. This kernel has no IPVS, so the stack uses DNS round-robin.
 */
class SwarmIT {
  private static final String HTTPD = "mkdir -p /tmp/w && echo ok > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w";
  private static boolean initialisedHere;
  private static boolean gatewayBridgeExisted;

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final SwarmTarget swarm = SwarmTarget.on(engine).withDnsRoundRobin();
  private final String name = TestObjects.uniqueName("swarm");

  @TempDir Path state;

  @BeforeAll
  static void joinASwarm() {
    DockerClient docker = TestEngine.client();
    var info = docker.infoCmd().exec();
    gatewayBridgeExisted = !docker.listNetworksCmd().withNameFilter("docker_gwbridge").exec().isEmpty();
    if (info.getSwarm() == null || info.getSwarm().getLocalNodeState() != LocalNodeState.ACTIVE) {
      docker.initializeSwarmCmd(new SwarmSpec()).withListenAddr("127.0.0.1:2377").withAdvertiseAddr("127.0.0.1").exec();
      initialisedHere = true;
    }
  }

  @AfterAll
  static void leaveTheSwarm() {
    if (initialisedHere) {
      DockerClient docker = TestEngine.client();
      docker.leaveSwarmCmd().withForceEnabled(true).exec();
      // Leave the engine as it was found: swarm init also made this bridge.
      if (!gatewayBridgeExisted) {
        Cleanup.run(() -> docker.listNetworksCmd().withNameFilter("docker_gwbridge").exec()
            .forEach(n -> docker.removeNetworkCmd(n.getId()).exec()));
      }
    }
  }

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(SwarmIT.class))
        .withServiceTimeout(Duration.ofSeconds(90));
  }

  private StackSpec stack(Consumer<StackBuilder> changes) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> {
      s.network("backend", n -> n.internal())
          .volume("data")
          .secret("token", x -> x.generated(24))
          .config("motd", c -> c.content("hello from the swarm\n"))
          .service("db", db -> db.image(image).command("sh", "-c", HTTPD).user(10001, 10001).hardened()
              .network("backend").secret("token").envSecretFile("TOKEN_FILE", "token").config("motd", "/etc/motd")
              .mountVolumeReadOnly("data", "/data")
              .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(3)).memoryLimit("64m").cpuLimit("0.5")
              .ulimit("nofile", 1024, 2048).sysctl("net.core.somaxconn", "512").tty().stdinOpen()
              .global().deployLabel("team", "data").rollbackConfig(u -> u.parallelism(2).delay("2s"))
              .platform("linux/amd64")
              .stopGracePeriod("1s"))
          .service("agent", a -> a.image(image).command("sh", "-c", "exec sleep 3600").user(10001, 10001).hardened()
              .placementSpread("node.labels.zone").maxReplicasPerNode(4) // room for a start-first update's extra task
              .network("backend").replicas(3).env("VERSION", "1")
              .healthCheck(h -> h.command("true").every("300ms").retries(2))
              .dependsOn("db", Dependency.Condition.HEALTHY)
              .updateConfig(u -> u.parallelism(1).order(UpdateConfig.Order.START_FIRST).failureAction(UpdateConfig.FailureAction.ROLLBACK))
              .logging("json-file", java.util.Map.of("max-size", "1m", "max-file", "2"))
              .stopGracePeriod("1s"));
      changes.accept(s);
    }).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      swarm.down(stack(s -> {}), DownOptions.removeVolumesToo(), options());
    } finally {
      engine.close();
    }
  }

  @Test
  void theSameStackOnTheEngineTargetAndOnTheSwarmIsRefusedByEachPlanNamingTheClashAndTheWayOut() {
    StackSpec simple = Stack.define(name, s -> s.network("backend")
        .service("web", w -> w.image(TestImages.busybox()).command("sleep", "3600").init().network("backend").stopGracePeriod("1s"))).base();
    EngineTarget single = EngineTarget.on(engine);
    single.apply(simple, options());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> swarm.apply(simple, options()))
          .hasMessageContaining("stack \"" + name + "\" cannot be applied to the swarm target; nothing was changed")
          .hasMessageContaining("network " + name + "_backend exists as a local bridge network (stack " + name + "'s)")
          .hasMessageContaining("containers " + name + "-web-1 run the stack on this engine outside the Swarm")
          .hasMessageContaining("sentinel --target engine down");
      assertThat(docker.listServicesCmd().withLabelFilter(java.util.Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
    } finally {
      single.down(simple, DownOptions.removeVolumesToo(), options());
    }

    swarm.apply(simple, options());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> single.apply(simple, options()))
        .hasMessageContaining("stack \"" + name + "\" cannot be applied to the engine target; nothing was changed")
        .hasMessageContaining("network " + name + "_backend is the stack's Swarm network (driver overlay)")
        .hasMessageContaining("sentinel --target swarm down");
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of("dev.sentinel.stack", name)).exec())
        .allSatisfy(c -> assertThat(c.getLabels()).containsKey("com.docker.swarm.service.id"));
  }

  @Test
  void theStackRunsAsSwarmServicesUpdatesRollingAndRollsBackAFailedUpdate() throws Exception {
    StackSpec spec = stack(s -> {});
    swarm.apply(spec, options());
    StackStatus status = swarm.status(name);
    assertThat(status.containers("agent")).hasSize(3).allSatisfy(c -> assertThat(c.state()).isEqualTo("running"))
        .allSatisfy(c -> assertThat(c.node()).isPresent());
    assertThat(status.toText()).contains("NODE");
    assertThat(status.containers("db")).singleElement().satisfies(c -> assertThat(c.health()).contains("healthy"));
    assertThat(swarm.plan(spec, options()).isNoOp()).isTrue();

    // The secret is a real swarm secret, readable as a file, absent from the service's environment.
    String secret = new String(options().secretStore().value(name, spec.secrets().get("token")), StandardCharsets.US_ASCII);
    String db = status.containers("db").get(0).id();
    assertThat(Exec.run(db, "", "cat", "/run/secrets/token")).isEqualTo(secret);
    assertThat(Exec.run(db, "", "cat", "/etc/motd")).isEqualTo("hello from the swarm\n");
    // Hardening docker-java's Swarm model has no words for reaches the task's container all the same.
    var dbHost = docker.inspectContainerCmd(db).exec().getHostConfig();
    assertThat(dbHost.getCapDrop()).extracting(Object::toString).contains("ALL");
    assertThat(dbHost.getPidsLimit()).isEqualTo(ServiceBuilder.HARDENED_PIDS_LIMIT);
    assertThat(dbHost.getUlimits()).extracting(u -> u.getName() + "=" + u.getSoft() + ":" + u.getHard()).contains("nofile=1024:2048");
    assertThat(dbHost.getSysctls()).containsEntry("net.core.somaxconn", "512");
    assertThat(docker.inspectContainerCmd(db).exec().getConfig().getTty()).isTrue();
    assertThat(docker.inspectContainerCmd(db).exec().getConfig().getStdinOpen()).isTrue();
    var dbService = docker.inspectServiceCmd(name + "_db").exec();
    assertThat(dbService.getSpec().getTaskTemplate().getContainerSpec().getTty()).isTrue();
    assertThat(dbService.getSpec().getMode().getGlobal()).as("deploy mode global").isNotNull();
    assertThat(dbService.getSpec().getMode().getReplicated()).isNull();
    assertThat(dbService.getSpec().getLabels()).containsEntry("team", "data").containsEntry("dev.sentinel.service", "db");
    assertThat(dbService.getSpec().getRollbackConfig().getParallelism()).isEqualTo(2);
    assertThat(dbService.getSpec().getRollbackConfig().getDelay()).isEqualTo(2_000_000_000L);
    assertThat(dbService.getSpec().getTaskTemplate().getPlacement().getPlatforms())
        .extracting(p -> p.getOs() + "/" + p.getArchitecture()).containsExactly("linux/amd64");
    // Placement preferences and the per-node cap, which docker-java's model lacks, as the docker CLI reads them back.
    assertThat(dev.sentinel.testing.HostCommand.run(null, java.util.List.of("docker", "service", "inspect", "--format",
        "{{json .Spec.TaskTemplate.Placement}}", name + "_agent")))
        .contains("\"Preferences\":[{\"Spread\":{\"SpreadDescriptor\":\"node.labels.zone\"}}]").contains("\"MaxReplicas\":4");
    // The Deploy section, as the engine holds it: replicas, update and rollback, restart policy.
    var agentSpec = docker.inspectServiceCmd(name + "_agent").exec().getSpec();
    assertThat(agentSpec.getMode().getReplicated().getReplicas()).isEqualTo(3);
    assertThat(agentSpec.getUpdateConfig().getParallelism()).isEqualTo(1);
    assertThat(agentSpec.getUpdateConfig().getOrder()).isEqualTo(com.github.dockerjava.api.model.UpdateOrder.START_FIRST);
    assertThat(agentSpec.getUpdateConfig().getFailureAction()).isEqualTo(com.github.dockerjava.api.model.UpdateFailureAction.ROLLBACK);
    assertThat(agentSpec.getRollbackConfig().getFailureAction()).isEqualTo(com.github.dockerjava.api.model.UpdateFailureAction.PAUSE);
    assertThat(agentSpec.getTaskTemplate().getRestartPolicy().getCondition())
        .as("no restart declared: a task restarts on any exit, as with Compose's deploy default")
        .isEqualTo(com.github.dockerjava.api.model.ServiceRestartCondition.ANY);
    // The Logging section reaches the tasks: declared log rotation holds on a Swarm too.
    assertThat(agentSpec.getTaskTemplate().getLogDriver().getName()).isEqualTo("json-file");
    assertThat(agentSpec.getTaskTemplate().getLogDriver().getOptions()).containsEntry("max-size", "1m").containsEntry("max-file", "2");
    assertThat(dbService.getSpec().getTaskTemplate().getContainerSpec().getOpenStdin()).isTrue();
    assertThat(dbService.getSpec().getTaskTemplate().getContainerSpec().getEnv()).contains("TOKEN_FILE=/run/secrets/token")
        .noneMatch(e -> e.contains(secret));
    assertThat(docker.listSecretsCmd().withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).hasSize(1);

    // A rolling update, start-first, with no failed task.
    StackSpec v2 = stack(s -> s.service("agent", a -> a.env("VERSION", "2")));
    Plan update = swarm.plan(v2, options());
    assertThat(update.changes()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo(name + "_agent");
      assertThat(a.changes()).contains("environment");
    });
    swarm.apply(v2, options());
    assertThat(swarm.status(name).containers("agent")).hasSize(3);
    assertThat(docker.listTasksCmd().withServiceFilter(name + "_agent").exec())
        .noneMatch(t -> t.getStatus().getState() == TaskState.FAILED);
    assertThat(docker.inspectServiceCmd(name + "_agent").exec().getSpec().getTaskTemplate().getContainerSpec().getEnv()).contains("VERSION=2");

    // Scaling alone is no rolling update: apply converges without waiting for one.
    StackSpec scaled = stack(s -> s.service("agent", a -> a.env("VERSION", "2").replicas(2)));
    swarm.apply(scaled, options().withServiceTimeout(Duration.ofSeconds(30)));
    assertThat(swarm.status(name).containers("agent")).hasSize(2);

    // An update whose new tasks never get healthy is rolled back by the engine; apply says so.
    StackSpec broken = stack(s -> s.service("agent", a -> a.env("VERSION", "3").healthCheck(h -> h.shell("exit 1").every("300ms").retries(2))));
    assertThatThrownBy(() -> swarm.apply(broken, options().withServiceTimeout(Duration.ofMinutes(2))))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("service \"agent\" update failed and was rolled back");
    assertThat(docker.inspectServiceCmd(name + "_agent").exec().getSpec().getTaskTemplate().getContainerSpec().getEnv()).contains("VERSION=2");
  }

  /** docker service scale and docker service update --limit-memory, done by hand: the plan names both, apply puts the definition back. */
  @Test
  void changesMadeOutsideSentinelToAServiceShowInThePlanAndApplyUndoesThem() {
    StackSpec spec = stack(s -> {});
    swarm.apply(spec, options());
    var agent = docker.inspectServiceCmd(name + "_agent").exec();
    var changed = agent.getSpec();
    changed.getMode().getReplicated().withReplicas(4);
    changed.getTaskTemplate().withResources(new com.github.dockerjava.api.model.ResourceRequirements()
        .withLimits(new com.github.dockerjava.api.model.ResourceSpecs().withMemoryBytes(96L << 20)));
    docker.updateServiceCmd(agent.getId(), changed).withVersion(agent.getVersion().getIndex()).exec();

    Plan plan = swarm.plan(spec, options());
    assertThat(plan.changes()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo(name + "_agent");
      assertThat(a.reason()).isEqualTo("changed outside Sentinel");
      assertThat(a.changes()).containsExactly("replicas: 4 on the Swarm, 3 defined (changed outside Sentinel)",
          "memoryBytes: 100663296 on the Swarm, none defined (changed outside Sentinel)");
    });
    swarm.apply(spec, options());
    var back = docker.inspectServiceCmd(name + "_agent").exec().getSpec();
    assertThat(back.getMode().getReplicated().getReplicas()).isEqualTo(3);
    assertThat(back.getTaskTemplate().getResources() == null || back.getTaskTemplate().getResources().getLimits() == null
        || back.getTaskTemplate().getResources().getLimits().getMemoryBytes() == null).as("the hand-made memory limit is gone").isTrue();
    assertThat(swarm.status(name).containers("agent")).hasSize(3);
    assertThat(swarm.plan(spec, options()).isNoOp()).isTrue();
  }

  @Test
  void downRemovesOnlyTheStacksServicesSecretsConfigsAndNetworksAndAnExternalSecretIsUsedByName() throws Exception {
    String foreign = TestObjects.uniqueName("secret");
    docker.createSecretCmd(new SecretSpec().withName(foreign).withData("foreign")).exec();
    try {
      // The foreign secret, made outside the stack, is also used by it as an external secret.
      StackSpec spec = stack(s -> s.secret("platform", x -> x.external(foreign)).service("agent", a -> a.secret("platform")));
      swarm.apply(spec, options());
      String agent = swarm.status(name).containers("agent").get(0).id();
      assertThat(Exec.run(agent, "", "cat", "/run/secrets/platform")).isEqualTo("foreign");
      assertThat(docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes())
          .extracting(v -> v.getName()).containsExactly(name + "_data");
      swarm.down(spec, DownOptions.keepVolumes(), options());
      assertThat(docker.listVolumesCmd().withFilter("name", List.of(name + "_data")).exec().getVolumes()).hasSize(1);
      swarm.down(spec, DownOptions.removeVolumesToo(), options());
      assertThat(docker.listVolumesCmd().withFilter("name", List.of(name + "_data")).exec().getVolumes()).isEmpty();
      assertThat(docker.listServicesCmd().withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
      assertThat(docker.listSecretsCmd().withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
      assertThat(docker.listConfigsCmd().withFilters(Map.of("label", List.of("dev.sentinel.stack=" + name))).exec()).isEmpty();
      assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
      assertThat(docker.listSecretsCmd().withNameFilter(List.of(foreign)).exec()).hasSize(1);
    } finally {
      Cleanup.run(() -> docker.removeSecretCmd(foreign).exec());
    }
  }

}
