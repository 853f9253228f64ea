package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTargetIT {
  private static final String HTTPD = "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("stack");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults()
        .withStateDirectory(state)
        .withExtraLabels(TestObjects.labels(EngineTargetIT.class))
        .withServiceTimeout(Duration.ofSeconds(30))
        .withListener(events::add);
  }

  /** db <- api (healthy) <- web (healthy); two networks, one internal; a volume; a generated secret. */
  private StackSpec stack(Consumer<StackBuilder> changes) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> {
      s.network("frontend").network("backend", n -> n.internal())
          .volume("data")
          .secret("token", x -> x.generated(24))
          .service("db", db -> db.image(image).command("sh", "-c", HTTPD)
              .user(10001, 10001).hardened()
              .network("backend")
              .mountVolume("data", "/data")
              .secret("token")
              .envSecretFile("TOKEN_FILE", "token")
              .healthCheck(h -> h.httpGet(8080, "/").every("300ms").timeout("2s").retries(3))
              .restart("unless-stopped")
              .memoryLimit("64m").cpuLimit("0.5").pidsLimit(100)
              .stopGracePeriod("2s"))
          .service("api", api -> api.image(image).command("sh", "-c", HTTPD)
              .user(10001, 10001).hardened()
              .network("backend").network("frontend")
              .port("127.0.0.1::8080")
              .healthCheck(h -> h.command("wget", "-q", "-O", "/dev/null", "http://db:8080/").every("300ms").retries(5))
              .dependsOn("db", Dependency.Condition.HEALTHY)
              .memoryLimit("32m").stopGracePeriod("1s"))
          .service("web", web -> web.image(image).command("sh", "-c", "exec sleep 3600").init()
              .user(10001, 10001).hardened()
              .network("frontend")
              .dependsOn("api", Dependency.Condition.HEALTHY)
              .extraHost("legacy.example.test", "192.0.2.10").dns("192.0.2.53").expose("9000")
              .sysctl("net.core.somaxconn", "1024").shmSize("16m").tty().stdinOpen()
              .domainname("example.test").dnsSearch("example.test").dnsOptions("ndots:2").oomScoreAdj(100).cpuShares(512).cpuset("0")
              .cpuQuota(50_000).cpuPeriod(100_000)
              .runtime("runc")
              .platform("linux/amd64").macAddress("02:42:ac:1f:00:42")
              .link("api:legacy-api").groupAdd("985").deviceCgroupRule("c 189:* rmw")
              .mount(new dev.sentinel.dsl.Mount.TmpfsMount("/scratch", java.util.Optional.of(dev.sentinel.dsl.Size.parse("8m")),
                  java.util.Optional.empty(), List.of("exec", "uid=10001")))
              .blkio(b -> b.weight(300).deviceReadBps(BLOCK_DEVICE, "12mb").deviceWriteIops(BLOCK_DEVICE, 30))
              .stopGracePeriod("1s"));
      changes.accept(s);
    }).base();
  }

  /** A block device of this machine, for the throttling settings (the engine refuses a missing one). */
  private static final String BLOCK_DEVICE = java.util.stream.Stream.of("/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda")
      .filter(d -> java.nio.file.Files.exists(java.nio.file.Path.of(d))).findFirst().orElseThrow(() -> new IllegalStateException(
          "no block device among /dev/vda, /dev/sda, /dev/nvme0n1, /dev/xvda to throttle in the test"));

  private InspectContainerResponse api(String stack) {
    return docker.inspectContainerCmd(stack + "-api-1").exec();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack(s -> {}), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void theStackComesUpAsDeclaredAndReapplyingChangesNothing() throws Exception {
    StackSpec spec = stack(s -> {});
    Plan first = target.apply(spec, options());
    assertThat(first.changes()).extracting(PlannedAction::name).contains(name + "-db-1", name + "_backend", name + "_data");

    StackStatus status = target.status(name);
    assertThat(status.allReady()).as(status.toText()).isTrue();
    assertThat(status.containers()).extracting(ContainerStatus::service).containsExactly("api", "db", "web");

    InspectContainerResponse db = docker.inspectContainerCmd(name + "-db-1").exec();
    assertThat(db.getConfig().getUser()).isEqualTo("10001:10001");
    assertThat(db.getHostConfig().getReadonlyRootfs()).isTrue();
    assertThat(db.getHostConfig().getSecurityOpts()).contains("no-new-privileges:true");
    assertThat(db.getHostConfig().getCapDrop()).containsExactly(Capability.ALL);
    assertThat(db.getHostConfig().getMemory()).isEqualTo(64L << 20);
    assertThat(db.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(db.getHostConfig().getPidsLimit()).isEqualTo(100L);
    assertThat(db.getHostConfig().getRestartPolicy().getName()).isEqualTo("unless-stopped");
    assertThat(db.getConfig().getHealthcheck().getTest()).containsExactly("CMD", "wget", "-q", "--spider", "http://127.0.0.1:8080/");
    assertThat(db.getConfig().getHealthcheck().getInterval()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    assertThat(db.getConfig().getLabels()).containsEntry("dev.sentinel.stack", name).containsEntry("dev.sentinel.service", "db")
        .containsEntry("dev.sentinel.replica", "1").containsKey("dev.sentinel.config-hash");

    String secret = new String(options().secretStore().value(name, spec.secrets().get("token")), StandardCharsets.US_ASCII);
    assertThat(Exec.run(name + "-db-1", "10001:10001", "cat", "/run/secrets/token")).isEqualTo(secret);
    assertThat(db.getConfig().getEnv()).contains("TOKEN_FILE=/run/secrets/token").noneMatch(e -> e.contains(secret));

    InspectContainerResponse web = docker.inspectContainerCmd(name + "-web-1").exec();
    assertThat(web.getHostConfig().getExtraHosts()).containsExactly("legacy.example.test:192.0.2.10");
    assertThat(web.getHostConfig().getDns()).containsExactly("192.0.2.53");
    assertThat(web.getHostConfig().getSysctls()).containsEntry("net.core.somaxconn", "1024");
    assertThat(web.getHostConfig().getShmSize()).isEqualTo(16L << 20);
    assertThat(web.getConfig().getTty()).isTrue();
    assertThat(web.getConfig().getDomainName()).isEqualTo("example.test");
    assertThat(web.getHostConfig().getDnsSearch()).containsExactly("example.test");
    assertThat(web.getHostConfig().getDnsOptions()).containsExactly("ndots:2");
    assertThat(web.getHostConfig().getOomScoreAdj()).isEqualTo(100);
    assertThat(web.getHostConfig().getCpuShares()).isEqualTo(512);
    assertThat(web.getHostConfig().getCpusetCpus()).isEqualTo("0");
    assertThat(web.getHostConfig().getCpuQuota()).isEqualTo(50_000L);
    assertThat(web.getHostConfig().getCpuPeriod()).isEqualTo(100_000L);
    assertThat(web.getHostConfig().getRuntime()).isEqualTo("runc");
    assertThat(web.getNetworkSettings().getNetworks().get(name + "_frontend").getMacAddress()).isEqualTo("02:42:ac:1f:00:42");
    assertThat(web.getHostConfig().getTmpFs()).containsEntry("/scratch", "size=8388608,exec,uid=10001");
    String scratch = Exec.run(name + "-web-1", "10001:10001", "grep", " /scratch ", "/proc/mounts");
    assertThat(scratch).contains("tmpfs").contains("size=8192k").contains("uid=10001").doesNotContain("noexec");
    assertThat(web.getHostConfig().getGroupAdd()).containsExactly("985");
    assertThat(Exec.run(name + "-web-1", "10001:10001", "id", "-G").strip().split(" ")).contains("985");
    assertThat(web.getHostConfig().getDeviceCgroupRules()).containsExactly("c 189:* rmw");
    // The link's alias names api on the network both share (not on backend, which web is not on).
    assertThat(api(name).getNetworkSettings().getNetworks().get(name + "_frontend").getAliases()).contains("legacy-api");
    assertThat(api(name).getNetworkSettings().getNetworks().get(name + "_backend").getAliases()).doesNotContain("legacy-api");
    // A kernel without block I/O weight support (no CFQ/BFQ scheduler) makes the engine drop the
    // weight with a warning; then the user must be told, and the spec still asks for it.
    if (web.getHostConfig().getBlkioWeight() == 0) {
      assertThat(events).filteredOn(ProgressEvent.EngineWarning.class::isInstance).map(ProgressEvent.EngineWarning.class::cast)
          .anySatisfy(w -> assertThat(w.container() + ": " + w.warning()).startsWith(name + "-web-1: ").contains("Block I/O weight"));
    } else {
      assertThat(web.getHostConfig().getBlkioWeight()).isEqualTo(300);
    }
    assertThat(web.getHostConfig().getBlkioDeviceReadBps()).singleElement()
        .satisfies(d -> assertThat(d.getPath() + "=" + d.getRate()).isEqualTo(BLOCK_DEVICE + "=" + (12L << 20)));
    assertThat(web.getHostConfig().getBlkioDeviceWriteIOps()).singleElement()
        .satisfies(d -> assertThat(d.getPath() + "=" + d.getRate()).isEqualTo(BLOCK_DEVICE + "=30"));
    assertThat(Exec.run(name + "-web-1", "10001:10001", "cat", "/etc/resolv.conf")).contains("search example.test").contains("ndots:2");
    assertThat(web.getConfig().getStdinOpen()).isTrue();
    assertThat(db.getConfig().getTty()).isFalse();
    assertThat(db.getConfig().getStdinOpen()).isFalse();
    assertThat(web.getConfig().getExposedPorts()).extracting(Object::toString).contains("9000/tcp");
    assertThat(Exec.run(name + "-web-1", "10001:10001", "cat", "/etc/hosts")).contains("192.0.2.10\tlegacy.example.test");
    assertThat(Exec.run(name + "-web-1", "10001:10001", "cat", "/proc/sys/net/core/somaxconn").strip()).isEqualTo("1024");

    InspectContainerResponse api = docker.inspectContainerCmd(name + "-api-1").exec();
    assertThat(api.getNetworkSettings().getNetworks()).containsOnlyKeys(name + "_backend", name + "_frontend");
    assertThat(docker.inspectNetworkCmd().withNetworkId(name + "_backend").exec().getInternal()).isTrue();
    assertThat(status.containers("api").get(0).ports()).singleElement().asString().startsWith("127.0.0.1:");

    Map<String, String> ids = containerIds();
    Plan again = target.plan(spec, options());
    assertThat(again.isNoOp()).as(again.toText()).isTrue();
    target.apply(spec, options());
    assertThat(containerIds()).isEqualTo(ids);

    // A rotated secret recreates exactly the service that mounts it, which then reads the new value.
    options().secretStore().rotate(name, spec.secrets().get("token"));
    Plan rotated = target.plan(spec, options());
    assertThat(rotated.changes()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo(name + "-db-1");
      assertThat(a.changes()).containsExactly("mounts");
    });
    target.apply(spec, options());
    String newSecret = new String(options().secretStore().value(name, spec.secrets().get("token")), StandardCharsets.US_ASCII);
    assertThat(newSecret).isNotEqualTo(secret);
    assertThat(Exec.run(name + "-db-1", "10001:10001", "cat", "/run/secrets/token")).isEqualTo(newSecret);
  }

  @Test
  void aDependentStartsWhenItsDependencysOwnHealthTestPassesNotAtTheEnginesFirstCheckButTheApplyEndsEngineHealthy() {
    // The engine runs db's first check 8 s after db starts; Sentinel runs the same test itself.
    StackSpec spec = stack(s -> s.service("db", db -> db.healthCheck(h -> h.httpGet(8080, "/").every("8s").timeout("2s").retries(3))));
    target.apply(spec, options());
    var db = docker.inspectContainerCmd(name + "-db-1").exec();
    var api = docker.inspectContainerCmd(name + "-api-1").exec();
    Duration apiAfterDb = Duration.between(java.time.Instant.parse(db.getState().getStartedAt()), java.time.Instant.parse(api.getState().getStartedAt()));
    assertThat(apiAfterDb).as("api started %s after db", apiAfterDb).isLessThan(Duration.ofSeconds(5));
    assertThat(db.getState().getHealth().getStatus()).as("the apply still ends when the engine calls db healthy").isEqualTo("healthy");
    assertThat(target.status(name).allReady()).isTrue();
  }

  @Test
  void withEngineHealthOnlyADependentStartsOnlyAfterTheEnginesFirstCheckCallsItsDependencyHealthy() {
    StackSpec spec = stack(s -> s.service("db", db -> db.healthCheck(h -> h.httpGet(8080, "/").every("8s").timeout("2s").retries(3))));
    target.apply(spec, options().withEngineHealthOnly(true));
    var db = docker.inspectContainerCmd(name + "-db-1").exec();
    var api = docker.inspectContainerCmd(name + "-api-1").exec();
    java.time.Instant dbStarted = java.time.Instant.parse(db.getState().getStartedAt());
    java.time.Instant apiStarted = java.time.Instant.parse(api.getState().getStartedAt());
    // The engine's first passing check of db: its health log keeps the last five.
    java.time.Instant dbFirstHealthy = db.getState().getHealth().getLog().stream()
        .filter(probe -> probe.getExitCodeLong() == 0).map(probe -> java.time.Instant.parse(probe.getEnd())).min(java.util.Comparator.naturalOrder())
        .orElseThrow();
    assertThat(Duration.between(dbStarted, apiStarted)).as("api started after db").isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(apiStarted).as("api starts after the engine's first passing check of db, at %s", dbFirstHealthy).isAfter(dbFirstHealthy);
  }

  @Test
  void aChangedNetworkIsRecreatedWithTheContainersOnIt() {
    target.apply(stack(s -> {}), options());
    Map<String, String> before = containerIds();

    StackSpec changed = stack(s -> s.network("frontend", n -> n.internal().label("zone", "dmz")));
    Plan plan = target.plan(changed, options());
    assertThat(plan.changes()).extracting(a -> a.kind() + " " + a.name() + " " + a.changes()).containsExactlyInAnyOrder(
        "RECREATE " + name + "_frontend [internal, labels]",
        "RECREATE " + name + "-api-1 [network " + name + "_frontend]",
        "RECREATE " + name + "-web-1 [network " + name + "_frontend]");

    target.apply(changed, options());
    var frontend = docker.inspectNetworkCmd().withNetworkId(name + "_frontend").exec();
    assertThat(frontend.getInternal()).isTrue();
    assertThat(frontend.getLabels()).containsEntry("zone", "dmz");
    Map<String, String> after = containerIds();
    assertThat(after.get("db")).isEqualTo(before.get("db"));
    assertThat(after.get("api")).isNotEqualTo(before.get("api"));
    assertThat(target.status(name).allReady()).isTrue();
    assertThat(target.plan(changed, options()).isNoOp()).isTrue();
  }

  @Test
  void changingOneServiceRecreatesOnlyItAndARemovedServiceIsRemoved() {
    target.apply(stack(s -> {}), options());
    Map<String, String> before = containerIds();

    StackSpec changed = stack(s -> s.service("api", api -> api.memoryLimit("48m")));
    Plan plan = target.plan(changed, options());
    assertThat(plan.changes()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(PlannedAction.Kind.RECREATE);
      assertThat(a.name()).isEqualTo(name + "-api-1");
      assertThat(a.changes()).containsExactly("memoryBytes");
    });
    target.apply(changed, options());
    Map<String, String> after = containerIds();
    assertThat(after.get("db")).isEqualTo(before.get("db"));
    assertThat(after.get("web")).isEqualTo(before.get("web"));
    assertThat(after.get("api")).isNotEqualTo(before.get("api"));

    StackSpec withoutWeb = stack(s -> s.removeService("web"));
    target.apply(withoutWeb, options());
    assertThat(containerIds()).containsOnlyKeys("db", "api");
  }

  @Test
  void aDependentOfAnOptionalDependencyThatNeverGetsHealthyStartsAnywayAndTheFailureIsReported() {
    StackSpec broken = stack(s -> s
        .service("api", api -> api.healthCheck(h -> h.shell("nc -z 127.0.0.1 9").every("200ms").retries(2)))
        .service("web", web -> web.removeDependency("api").dependsOnIfAvailable("api", Dependency.Condition.HEALTHY)));
    assertThatThrownBy(() -> target.apply(broken, options().withServiceTimeout(Duration.ofSeconds(20))))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("service \"api\" did not become healthy")
        .satisfies(e -> assertThat(((ApplyException) e).notStarted()).isEmpty());
    assertThat(containerIds()).containsOnlyKeys("db", "api", "web");
    assertThat(docker.inspectContainerCmd(name + "-web-1").exec().getState().getRunning()).isTrue();
    assertThat(events).filteredOn(ProgressEvent.StartingWithout.class::isInstance).map(ProgressEvent.StartingWithout.class::cast)
        .singleElement().satisfies(w -> assertThat(w.serviceName() + " without " + w.dependency()).isEqualTo("web without api"));
  }

  @Test
  void aGpuRequestReachesTheEngineWhichRefusesToStartItWithoutADeviceDriver() {
    StackSpec gpu = stack(s -> s.service("web", w -> w.gpu(dev.sentinel.dsl.GpuRequest.count(1).withCapabilities("gpu", "utility"))));
    assertThatThrownBy(() -> target.apply(gpu, options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("could not select device driver");
    var requests = docker.inspectContainerCmd(name + "-web-1").exec().getHostConfig().getDeviceRequests();
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.getCount()).isEqualTo(1);
      assertThat(r.getCapabilities()).containsExactly(List.of("gpu", "utility"));
    });
  }

  @Test
  void anExternalSecretIsRefusedBeforeAnythingIsCreated() {
    StackSpec external = stack(s -> s.secret("platform", x -> x.external("platform_tls")).service("web", w -> w.secret("platform")));
    assertThatThrownBy(() -> target.apply(external, options()))
        .hasMessageContaining("service \"web\" mounts secret \"platform\", which is external (the Swarm secret \"platform_tls\")")
        .hasMessageContaining("apply the stack to a Swarm");
    assertThat(containerIds()).isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", java.util.List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
  }

  @Test
  void aServiceThatNeverGetsHealthyFailsWithItsDiagnosticsAndItsDependentsDoNotStart() {
    StackSpec broken = stack(s -> s.service("api", api -> api.healthCheck(h -> h.shell("echo checking port 9 >&2; nc -z 127.0.0.1 9").every("200ms").retries(2))));
    assertThatThrownBy(() -> target.apply(broken, options().withServiceTimeout(Duration.ofSeconds(20))))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("service \"api\" did not become healthy")
        .hasMessageContaining("state: running (unhealthy)")
        .hasMessageContaining("last health check: exit 1")
        .hasMessageContaining("checking port 9")
        .hasMessageContaining("not started (a dependency failed): web")
        .satisfies(e -> assertThat(((ApplyException) e).notStarted()).containsExactly("web"));
    assertThat(containerIds()).containsOnlyKeys("db", "api");
    assertThat(target.status(name).containers("db").get(0).isReady()).isTrue();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ProgressEvent.Failed.class));
  }

  @Test
  void downRemovesContainersAndNetworksButKeepsVolumesAndWritesTheAuditLog() throws Exception {
    StackSpec spec = stack(s -> {});
    target.apply(spec, options());
    target.down(spec, DownOptions.keepVolumes(), options());
    assertThat(containerIds()).isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
    assertThat(docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes())
        .extracting(v -> v.getName()).containsExactly(name + "_data");
    List<String> audit = Files.readAllLines(options().auditLog());
    assertThat(audit).hasSize(2);

    // Removing volumes takes the stack's own, never another volume that merely carries its label.
    docker.createVolumeCmd().withName(name + "-copy").withLabels(Map.of("dev.sentinel.stack", name, "dev.sentinel.test", "EngineTargetIT")).exec();
    target.down(spec, DownOptions.removeVolumesToo(), options());
    assertThat(docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes())
        .extracting(v -> v.getName()).containsExactly(name + "-copy");
    assertThat(audit.get(0)).contains("\"operation\":\"apply\"", "\"stack\":\"" + name + "\"", "\"result\":\"ok\"");
    assertThat(audit.get(1)).contains("\"operation\":\"down\"");
  }

  @Test
  void twoAppliesAtOnceNeverCreateDuplicates() throws Exception {
    StackSpec spec = stack(s -> {});
    var first = java.util.concurrent.CompletableFuture.runAsync(() -> target.apply(spec, options()));
    var second = java.util.concurrent.CompletableFuture.runAsync(() -> target.apply(spec, options()));
    first.get(2, TimeUnit.MINUTES);
    second.get(2, TimeUnit.MINUTES);
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).hasSize(3);
  }

  @Test
  void replicasAreNumberedCrashesAreRestartedAndOrphanVolumesGoOnlyOnRequest() throws Exception {
    StackSpec spec = stack(s -> s
        .volume("scratch")
        .service("worker", w -> w.image(TestImages.busybox()).command("sh", "-c", "echo worker $HOSTNAME started; exit 3")
            .restart("on-failure:5").replicas(2).network("backend")));
    target.apply(spec, options());
    assertThat(target.status(name).containers("worker")).extracting(ContainerStatus::name)
        .containsExactly(name + "-worker-1", name + "-worker-2");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (target.status(name).containers("worker").stream().anyMatch(c -> c.restartCount() == 0) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(target.status(name).containers("worker")).allSatisfy(c -> assertThat(c.restartCount()).isPositive());
    List<String> logs = new CopyOnWriteArrayList<>();
    target.logs(name, "worker", 5, false, logs::add);
    assertThat(logs).anySatisfy(l -> assertThat(l).contains("worker").contains("started"));

    StackSpec smaller = stack(s -> {});
    Plan plan = target.plan(smaller, options());
    assertThat(plan.actions()).filteredOn(a -> a.name().equals(name + "_scratch")).singleElement()
        .extracting(PlannedAction::kind).isEqualTo(PlannedAction.Kind.ORPHAN);
    assertThat(plan.changes()).extracting(PlannedAction::name).containsExactlyInAnyOrder(name + "-worker-1", name + "-worker-2");
    target.apply(smaller, options());
    assertThat(docker.listVolumesCmd().withFilter("name", List.of(name + "_scratch")).exec().getVolumes()).hasSize(1);
    target.apply(smaller, options().withPruneOrphans(true));
    assertThat(docker.listVolumesCmd().withFilter("name", List.of(name + "_scratch")).exec().getVolumes()).isEmpty();
  }

  @Test
  void aServiceBuiltByTheApplyIsNotRecreatedByTheNextOne() throws Exception {
    Path context = Files.createDirectories(state.resolve("build"));
    // The RUN step records what the build options gave it: the extra host and the size of /dev/shm.
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImages.busybox() + "\nLABEL dev.sentinel.test=EngineTargetIT\n"
        + "RUN grep mirror.example.test /etc/hosts > /build-hosts && df -k /dev/shm | tail -1 > /build-shm\n");
    String image = name + "/built:1";
    try {
      StackSpec spec = Stack.define(name, s -> s.service("built", b -> b.build(x -> x.context(context.toString())
              .label("org.example.release", "42").extraHost("mirror.example.test", "192.0.2.80").shmSize("32m").noCache()).image(image)
          .command("sleep", "3600").stopGracePeriod("1s"))).base();
      Plan first = target.plan(spec, options());
      assertThat(first.actions()).filteredOn(a -> a.type() == PlannedAction.ObjectType.IMAGE).singleElement()
          .extracting(PlannedAction::kind).isEqualTo(PlannedAction.Kind.BUILD);
      target.apply(spec, options());
      assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(ProgressEvent.Building.class));
      assertThat(docker.inspectImageCmd(image).exec().getConfig().getLabels()).containsEntry("org.example.release", "42");
      assertThat(Exec.run(name + "-built-1", "", "cat", "/build-hosts")).contains("192.0.2.80").contains("mirror.example.test");
      assertThat(Exec.run(name + "-built-1", "", "cat", "/build-shm")).contains(" 32768 ");
      Plan again = target.plan(spec, options());
      assertThat(again.isNoOp()).as(again.toText()).isTrue();
      target.down(spec, DownOptions.removeVolumesToo(), options());
    } finally {
      dev.sentinel.testing.Cleanup.run(() -> docker.removeImageCmd(image).withForce(true).exec());
    }
  }

  private Map<String, String> containerIds() {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec().stream()
        .collect(Collectors.toMap(c -> c.getLabels().get("dev.sentinel.service"), c -> c.getId()));
  }

}
