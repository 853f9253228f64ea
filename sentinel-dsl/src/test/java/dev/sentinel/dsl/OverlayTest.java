package dev.sentinel.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The merge rules of environment overlays, one test per rule (docs/dsl.md lists them). */
class OverlayTest {
  private static Service resolved(Consumer<ServiceBuilder> base, Consumer<ServiceBuilder> overlay) {
    return Stack.define("shop", s -> s
            .network("a").network("b").volume("data").volume("logs")
            .secret("one", x -> x.generated(16)).secret("two", x -> x.generated(16))
            .service("db", d -> d.image("db:1").healthCheck(h -> h.command("true")))
            .service("api", a -> { a.image("api:1"); base.accept(a); })
            .environment("env", e -> e.service("api", overlay)))
        .resolve("env").service("api");
  }

  @Test
  void readinessConditionsAddToTheInheritedOnesAndRemoveOrResetClearsThem() {
    Readiness http = Readiness.http(8080, "/ready");
    Readiness log = Readiness.logLine("cache loaded", 2);
    assertThat(resolved(a -> a.readiness(http), a -> a.readiness(log)).lifecycle().readiness()).containsExactly(http, log);
    assertThat(resolved(a -> a.readiness(http), a -> a.removeReadiness().readiness(log)).lifecycle().readiness()).containsExactly(log);
    assertThat(resolved(a -> a.readiness(http), a -> a.reset("x-sentinel-readiness")).lifecycle().readiness()).isEmpty();
    // Kept as text, so the same condition written twice is equal (a Pattern has no equals).
    assertThat(Readiness.logLine("a+", 1)).isEqualTo(Readiness.logLine("a+"));
  }

  @Test
  void scalarsReplace() {
    Service s = resolved(a -> a.image("api:1").user("1:1").workingDir("/a"), a -> a.image("api:2").user("2:2"));
    assertThat(s.imageSource().image().map(ImageRef::toString)).contains("api:2");
    assertThat(s.security().user()).contains(User.parse("2:2"));
    assertThat(s.execution().workingDir()).contains("/a");
  }

  @Test
  void environmentAndLabelsMergeByKey() {
    Service s = resolved(a -> a.env("A", "1").env("B", "2").label("x", "1"), a -> a.env("B", "3").env("C", "4").label("y", "2"));
    assertThat(s.environment().variables()).containsExactly(
        Map.entry("A", new EnvValue.Literal("1")), Map.entry("B", new EnvValue.Literal("3")), Map.entry("C", new EnvValue.Literal("4")));
    assertThat(s.labels()).containsExactly(Map.entry("x", "1"), Map.entry("y", "2"));
  }

  @Test
  void removeTakesAnInheritedEntryAway() {
    Service s = resolved(a -> a.env("A", "1").label("x", "1").network("a").port("80").mountVolume("data", "/d").secret("one")
            .dependsOn("db"), a -> a.removeEnv("A").removeLabel("x").removeNetwork("a").removePort(80).removeMount("/d")
            .removeSecret("one").removeDependency("db"));
    assertThat(s.environment().variables()).isEmpty();
    assertThat(s.labels()).isEmpty();
    assertThat(s.networking().networks()).isEmpty();
    assertThat(s.networking().ports()).isEmpty();
    assertThat(s.storage().mounts()).isEmpty();
    assertThat(s.storage().secrets()).isEmpty();
    assertThat(s.lifecycle().dependsOn()).isEmpty();
  }

  @Test
  void commandAndEntrypointReplaceWhole() {
    Service s = resolved(a -> a.command("serve", "--port", "80").entrypoint("/init"), a -> a.command("serve", "--debug"));
    assertThat(s.execution().command()).containsExactly("serve", "--debug");
    assertThat(s.execution().entrypoint()).containsExactly("/init");
  }

  @Test
  void portsAreUniqueByHostIpHostPortContainerPortAndProtocolAsComposeKeysThem() {
    Service s = resolved(a -> a.port("8080:80").port("53:53/udp").port("9090"),
        a -> a.port("127.0.0.1:18080:80").port("5353:53/tcp").port("127.0.0.1:8080:80").port("[::1]:8080:80"));
    assertThat(s.networking().ports()).extracting(PortMapping::toString).containsExactly(
        "127.0.0.1:8080:80/tcp", "127.0.0.1:53:53/udp", "127.0.0.1::9090/tcp", "127.0.0.1:18080:80/tcp", "127.0.0.1:5353:53/tcp",
        "[::1]:8080:80/tcp");
    Service moved = resolved(a -> a.port("8080:80"), a -> a.removePort(80).port("127.0.0.1:18080:80"));
    assertThat(moved.networking().ports()).extracting(PortMapping::toString).containsExactly("127.0.0.1:18080:80/tcp");
    Service oneLess = resolved(a -> a.port("8080:80").port("[::1]:8080:80"), a -> a.removePort(PortMapping.parse("[::1]:8080:80")));
    assertThat(oneLess.networking().ports()).extracting(PortMapping::toString).containsExactly("127.0.0.1:8080:80/tcp");
  }

  @Test
  void mountsAreUniqueByTarget() {
    Service s = resolved(a -> a.mountVolume("data", "/data").mountTmpfs("/tmp"), a -> a.mountVolumeReadOnly("logs", "/data"));
    assertThat(s.storage().mounts()).containsExactly(
        new Mount.TmpfsMount("/tmp", Optional.empty(), Optional.empty()), new Mount.VolumeMount("logs", "/data", true));
  }

  @Test
  void ttyAndStdinOpenAreInheritedAndTakenAwayByFalseOrReset() {
    Service inherited = resolved(a -> a.tty().stdinOpen(), a -> a.image("api:2"));
    assertThat(inherited.execution().tty()).isTrue();
    assertThat(inherited.execution().stdinOpen()).isTrue();
    Service cleared = resolved(a -> a.tty().stdinOpen().workingDir("/w"), a -> a.tty(false).reset("stdin_open").reset("working_dir"));
    assertThat(cleared.execution()).isEqualTo(Execution.DEFAULT);
  }

  @Test
  void everyComposeAttributeOfTheSecurityAndNamingSectionsCanBeReset() {
    Service base = resolved(a -> a.user("1:1").readOnlyRootFilesystem().noNewPrivileges().dropCapabilities("ALL").addCapabilities("CHOWN")
        .privileged().init().pid("host").ipc("host").usernsMode("host").uts("host").device("/dev/fuse")
        .hostname("h").containerName("c").extraHost("x.test", "192.0.2.1").dns("192.0.2.53"), a -> {});
    assertThat(base.security()).isNotEqualTo(Security.DEFAULT);
    assertThat(base.naming()).isNotEqualTo(Naming.DEFAULT);
    Service reset = resolved(a -> a.user("1:1").readOnlyRootFilesystem().noNewPrivileges().dropCapabilities("ALL").addCapabilities("CHOWN")
        .privileged().init().pid("host").ipc("host").usernsMode("host").uts("host").device("/dev/fuse")
        .hostname("h").containerName("c").extraHost("x.test", "192.0.2.1").dns("192.0.2.53"),
        a -> List.of("user", "read_only", "security_opt", "cap_drop", "cap_add", "privileged", "init", "pid", "ipc", "userns_mode", "uts",
            "devices", "hostname", "container_name", "extra_hosts", "dns").forEach(a::reset));
    assertThat(reset.security()).isEqualTo(Security.DEFAULT);
    assertThat(reset.naming()).isEqualTo(Naming.DEFAULT);
  }

  @Test
  void everyComposeAttributeOfTheLifecycleAndKernelSectionsCanBeReset() {
    java.util.function.Consumer<ServiceBuilder> all = a -> a.restart(RestartPolicy.always()).stopSignal("SIGINT").stopGracePeriod("30s")
        .ulimit("nofile", 1024, 2048).sysctl("net.core.somaxconn", "1024").shmSize("128m");
    Service base = resolved(all, a -> {});
    assertThat(base.lifecycle()).isNotEqualTo(Lifecycle.DEFAULT);
    assertThat(base.kernel()).isNotEqualTo(Kernel.DEFAULT);
    Service reset = resolved(all, a -> List.of("restart", "stop_signal", "stop_grace_period", "ulimits", "sysctls", "shm_size").forEach(a::reset));
    assertThat(reset.lifecycle()).isEqualTo(Lifecycle.DEFAULT);
    assertThat(reset.kernel()).isEqualTo(Kernel.DEFAULT);
  }

  @Test
  void resourcesResetOneByOneByTheirTopLevelKeysAndAllAtOnceWithDeploy() {
    java.util.function.Consumer<ServiceBuilder> all = a -> a.cpuLimit("1").memoryLimit("1g").memoryReservation("256m").pidsLimit(100)
        .cpuReservation("0.5");
    Service oneByOne = resolved(all, a -> List.of("cpus", "mem_limit", "mem_reservation", "pids_limit").forEach(a::reset));
    assertThat(oneByOne.resources()).isEqualTo(new Resources(Optional.empty(), Optional.empty(), Optional.of(Cpus.parse("0.5")),
        Optional.empty(), Optional.empty()));
    assertThat(resolved(all, a -> a.reset("deploy")).resources()).isEqualTo(Resources.NONE);
  }

  @Test
  void healthCheckMergesTimingsButTheTestReplaces() {
    Service s = resolved(a -> a.healthCheck(h -> h.command("check", "--deep").every("30s").retries(5)),
        a -> a.healthCheck(h -> h.shell("check --fast").every("5s")));
    HealthCheck h = s.lifecycle().healthCheck().orElseThrow();
    assertThat(h.test()).isEqualTo(new HealthCheck.Test.Shell("check --fast"));
    assertThat(h.interval()).contains(Durations.parse("5s"));
    assertThat(h.retries()).contains(5);
  }

  @Test
  void healthCheckCanBeRemovedOrDisabled() {
    assertThat(resolved(a -> a.healthCheck(h -> h.command("true")), ServiceBuilder::removeHealthCheck).lifecycle().healthCheck()).isEmpty();
    assertThat(resolved(a -> a.healthCheck(h -> h.command("true")), a -> a.healthCheck(HealthCheckBuilder::disable)).lifecycle().hasHealthCheck()).isFalse();
  }

  @Test
  void networksMergeByNameAndAliasesReplace() {
    Service s = resolved(a -> a.network("a", "one").network("b"), a -> a.network("a", "two"));
    assertThat(s.networking().networks().values()).containsExactly(ServiceNetwork.of("a", List.of("two")), ServiceNetwork.of("b", List.of()));
  }

  @Test
  void dependenciesMergeByService() {
    Service s = resolved(a -> a.dependsOn("db"), a -> a.dependsOn("db", Dependency.Condition.HEALTHY));
    assertThat(s.lifecycle().dependsOn().get("db").condition()).isEqualTo(Dependency.Condition.HEALTHY);
  }

  @Test
  void resourcesAndSecurityReplaceFieldByField() {
    Service s = resolved(a -> a.memoryLimit("1g").cpuLimit("1").dropCapabilities("ALL"), a -> a.memoryLimit("2g").addCapabilities("CHOWN"));
    assertThat(s.resources().memoryLimit()).contains(Size.gibibytes(2));
    assertThat(s.resources().cpuLimit()).contains(Cpus.of(1));
    assertThat(s.security().capDrop()).containsExactly("ALL");
    assertThat(s.security().capAdd()).containsExactly("CHOWN");
  }

  @Test
  void overlaysAddServicesNetworksAndVolumesAndChangeThem() {
    StackSpec spec = Stack.define("shop", s -> s.network("a").volume("data", v -> v.label("k", "1"))
            .service("api", a -> a.image("api:1"))
            .environment("env", e -> e.network("extra", NetworkBuilder::internal).volume("data", v -> v.label("k", "2"))
                .service("debug", d -> d.image("busybox:1").network("extra"))))
        .resolve("env");
    assertThat(spec.services()).containsOnlyKeys("api", "debug");
    assertThat(spec.networks().get("extra").internal()).isTrue();
    assertThat(spec.volumes().get("data").labels()).containsEntry("k", "2");
    assertThat(spec.environment()).contains("env");
  }

  @Test
  void theBaseIsUntouchedByResolving() {
    Stack stack = Stack.define("shop", s -> s.service("api", a -> a.image("api:1").replicas(1))
        .environment("production", e -> e.service("api", a -> a.replicas(3))));
    assertThat(stack.resolve("production").service("api").deploy().replicas()).isEqualTo(3);
    assertThat(stack.base().service("api").deploy().replicas()).isEqualTo(1);
    assertThat(stack.resolve("production")).isEqualTo(stack.resolve("production"));
  }

  @Test
  void anExtraOverlayGoesOnTopOfTheEnvironment() {
    Stack stack = Stack.define("shop", s -> s.service("api", a -> a.image("api:1").port("8080:80"))
        .environment("production", e -> e.service("api", a -> a.replicas(3).removePort(80).port("9000-9002:80"))));
    StackSpec spec = stack.resolve(Optional.of("production"), x -> x.service("api", a -> a.removePort(80).port("80")));
    assertThat(spec.service("api").deploy().replicas()).isEqualTo(3);
    assertThat(spec.service("api").networking().ports()).extracting(PortMapping::toString).containsExactly("127.0.0.1::80/tcp");
    assertThat(spec.environment()).contains("production");
    assertThat(stack.resolve(Optional.empty(), x -> {}).equals(stack.base())).isTrue();
  }

  @Test
  void profilesSelectServicesAsComposeDoes() {
    StackSpec spec = FullFeatureStack.define().base();
    assertThat(spec.profiles()).containsExactlyInAnyOrder("dashboards", "debug");
    assertThat(spec.enabledServices(List.of()).keySet()).doesNotContain("grafana", "debug");
    assertThat(spec.enabledServices(List.of("dashboards")).keySet()).contains("grafana").doesNotContain("debug");
  }
}
