package dev.sentinel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ValidationTest {
  private static List<Problem> problems(Consumer<StackBuilder> definition) {
    StackBuilder builder = Stack.builder("shop");
    definition.accept(builder);
    return builder.validate();
  }

  private static Consumer<ServiceBuilder> busybox() {
    return s -> s.image("busybox:1.36");
  }

  @Test
  void aValidStackHasNoProblems() {
    assertThat(problems(s -> s.service("api", busybox()))).isEmpty();
    assertThat(FullFeatureStack.define().environments()).containsOnlyKeys("development", "production", "ubuntu");
  }

  @Test
  void badUnitsAreReportedWithTheirFieldAndAllAtOnce() {
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").memoryLimit("12XB").cpuLimit("many")
            .healthCheck(h -> h.command("true").every("soon")))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.api.deploy.resources.limits.memory: \"12XB\" is not a size (examples: 512m, 1g, 1.5GiB, 1048576)",
            "services.api.deploy.resources.limits.cpus: \"many\" is not a CPU count (a number more than zero, e.g. 0.5 or 2)",
            "services.api.healthcheck.interval: \"soon\" is not a duration (examples: 10s, 1m30s, 500ms, 1h)");
  }

  @Test
  void outOfRangeKernelAndSecuritySettingsAreReportedWithTheirComposePath() {
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").oomScoreAdj(1001).cpuShares(1).cpuset("0-").memSwappiness(101)
            .cgroup("shared").runtime(" ").cpuQuota(10).cpuPeriod(2_000_000))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.api.oom_score_adj: 1001 is not between -1000 and 1000",
            "services.api.cpu_shares: 1 is below the kernel's minimum of 2",
            "services.api.cpuset: \"0-\" is not a CPU list (e.g. 0-3 or 0,2)",
            "services.api.mem_swappiness: 101 is not between 0 and 100",
            "services.api.cgroup: \"shared\" is not a cgroup namespace mode (host or private)",
            "services.api.runtime: the runtime is empty",
            "services.api.cpu_quota: 10 is below the kernel's minimum of 1000 microseconds",
            "services.api.cpu_period: 2000000 is not between 1000 and 1000000 microseconds");
  }

  @Test
  void memswapLimitNeedsAMemoryLimitAtMostAsLarge() {
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").memoryLimit("512m").memswapLimit("256m"))))
        .extracting(Problem::toString)
        .containsExactly("services.api.memswap_limit: memory plus swap (268435456 bytes) is less than the memory limit (536870912 bytes)");
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").memswapLimit("1g"))))
        .extracting(Problem::toString)
        .containsExactly("services.api.memswap_limit: memswap_limit needs a memory limit (mem_limit or deploy.resources.limits.memory)");
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").memoryLimit("512m").memswapLimit("-1")))).isEmpty();
    assertThat(problems(s -> s.service("api", a -> a.image("x:1").memoryLimit("512m").memswapLimit("1g")))).isEmpty();
  }

  @Test
  void buildThrowsOneExceptionListingEveryProblem() {
    assertThatThrownBy(() -> Stack.define("shop", s -> s
            .service("api", a -> a.image("x:1").memoryLimit("12XB").network("nope"))))
        .isInstanceOf(InvalidStackException.class)
        .hasMessageStartingWith("stack \"shop\" has 2 problems:")
        .hasMessageContaining("services.api.deploy.resources.limits.memory: \"12XB\" is not a size")
        .hasMessageContaining("services.api.networks.nope: network \"nope\" is not defined (defined: none)")
        .satisfies(e -> assertThat(((InvalidStackException) e).problems()).hasSize(2));
  }

  @Test
  void unknownReferencesAreNamed() {
    assertThat(problems(s -> s.network("backend").volume("data")
            .service("api", a -> a.image("x:1").network("frontend").mountVolume("cache", "/cache")
                .secret("token").config("conf", "/etc/app.conf").dependsOn("db"))))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "services.api.networks.frontend: network \"frontend\" is not defined (defined: backend)",
            "services.api.volumes./cache: volume \"cache\" is not defined (defined: data)",
            "services.api.secrets.token: secret \"token\" is not defined (defined: none)",
            "services.api.configs.conf: config \"conf\" is not defined (defined: none)",
            "services.api.depends_on.db: service \"db\" is not defined (defined: api)");
  }

  @Test
  void dependencyCyclesArePrinted() {
    assertThat(problems(s -> s
            .service("a", x -> x.image("x:1").dependsOn("b"))
            .service("b", x -> x.image("x:1").dependsOn("c"))
            .service("c", x -> x.image("x:1").dependsOn("a"))
            .service("d", x -> x.image("x:1").dependsOn("a"))))
        .extracting(Problem::toString)
        .containsExactly("services.a.depends_on: dependency cycle: a -> b -> c -> a");
  }

  @Test
  void aLinkIsADependencyForCyclesAndMustNameADefinedService() {
    assertThat(problems(s -> s
            .service("web", x -> x.image("x:1").link("db:database"))
            .service("db", x -> x.image("x:1").dependsOn("web"))
            .service("lost", x -> x.image("x:1").link("nowhere"))))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder("services.lost.links: links to service \"nowhere\", which the stack does not define",
            "services.web.depends_on: dependency cycle: web -> db -> web");
  }

  @Test
  void volumesFromIsADependencyForCyclesAndMustNameAnotherDefinedServiceButNotAContainer() {
    assertThat(problems(s -> s
            .service("app", x -> x.image("x:1").volumesFrom("data:ro"))
            .service("data", x -> x.image("x:1").dependsOn("app"))
            .service("self", x -> x.image("x:1").volumesFrom("self"))
            .service("legacy", x -> x.image("x:1").volumesFrom("container:outside:rw"))
            .service("lost", x -> x.image("x:1").volumesFrom("nowhere").volumesFrom("data:rx"))))
        .extracting(Problem::toString)
        .containsExactlyInAnyOrder(
            "services.lost.volumes_from: volumes_from entry \"data:rx\": the mode after the last colon must be ro or rw, got \"rx\"",
            "services.lost.volumes_from: service \"nowhere\" is not defined (defined: app, data, self, legacy, lost)",
            "services.self.volumes_from: a service cannot mount its own volumes",
            "services.app.depends_on: dependency cycle: app -> data -> app");
  }

  @Test
  void volumesFromReadsEveryComposeSpellingAndWritesItBack() {
    assertThat(VolumesFrom.parse("data")).isEqualTo(new VolumesFrom("data", false, false));
    assertThat(VolumesFrom.parse("data:rw")).isEqualTo(new VolumesFrom("data", false, false));
    assertThat(VolumesFrom.parse("data:ro")).isEqualTo(VolumesFrom.service("data").asReadOnly());
    assertThat(VolumesFrom.parse("container:legacy")).isEqualTo(VolumesFrom.container("legacy"));
    assertThat(VolumesFrom.parse("container:legacy:ro")).isEqualTo(new VolumesFrom("legacy", true, true));
    assertThat(VolumesFrom.parse("container:legacy:ro").toString()).isEqualTo("container:legacy:ro");
    assertThat(VolumesFrom.parse("data:rw").toString()).isEqualTo("data");
    for (String bad : new String[] {"", ":ro", "container:", "a:b:ro", "container:a:b"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> VolumesFrom.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void hooksRefuseAnEmptyCommandARelativeDirectoryAndABlankUser() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hook.command(java.util.List.of())).hasMessage("a hook needs a command");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hook.command("x").withWorkingDir("app"))
        .hasMessage("a hook working_dir must be an absolute path, got \"app\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Hook.command("x").withUser(" ")).hasMessage("a hook user must not be blank");
    assertThat(Hook.command("a", "b").withUser("root").withPrivileges().withWorkingDir("/w").withEnvironment("K", "v"))
        .isEqualTo(new Hook(java.util.List.of("a", "b"), java.util.Optional.of("root"), true, java.util.Optional.of("/w"), java.util.Map.of("K", "v")));
  }

  @Test
  void aServiceCannotDependOnItself() {
    assertThat(problems(s -> s.service("a", x -> x.image("x:1").dependsOn("a"))))
        .extracting(Problem::message)
        .containsExactly("a service cannot depend on itself");
  }

  @Test
  void healthyDependencyNeedsAHealthCheck() {
    assertThat(problems(s -> s
            .service("db", x -> x.image("x:1"))
            .service("cache", x -> x.image("x:1").healthCheck(HealthCheckBuilder::disable))
            .service("api", x -> x.image("x:1").dependsOn("db", Dependency.Condition.HEALTHY)
                .dependsOn("cache", Dependency.Condition.HEALTHY))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.api.depends_on.db: waits for service \"db\" to be healthy, but it has no health check",
            "services.api.depends_on.cache: waits for service \"cache\" to be healthy, but it has no health check");
  }

  @Test
  void duplicateHostPortsOnTheSameInterfaceConflict() {
    assertThat(problems(s -> s
            .service("a", x -> x.image("x:1").port("8080:80"))
            .service("b", x -> x.image("x:1").port("127.0.0.1:8080:81"))
            .service("c", x -> x.image("x:1").port("127.0.0.2:8080:80"))
            .service("d", x -> x.image("x:1").port("127.0.0.1:8080:80/udp"))))
        .extracting(Problem::toString)
        .containsExactly("services.b.ports: host port 127.0.0.1:8080/tcp is already published by service \"a\" (127.0.0.1:8080:80/tcp)");
  }

  @Test
  void allInterfacesConflictWithEveryAddress() {
    assertThat(problems(s -> s
            .service("a", x -> x.image("x:1").port("0.0.0.0:9000-9005:80"))
            .service("b", x -> x.image("x:1").port("127.0.0.2:9003:80"))))
        .extracting(Problem::path)
        .containsExactly("services.b.ports");
  }

  @Test
  void replicasNeedAHostPortEachAndNoFixedContainerName() {
    assertThat(problems(s -> s
            .service("a", x -> x.image("x:1").port("8080:80").replicas(2).containerName("a"))
            .service("b", x -> x.image("x:1").port("9000-9002:80").replicas(3))
            .service("c", x -> x.image("x:1").port("80").replicas(5))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.a.container_name: a fixed container name (\"a\") allows one replica, not 2",
            "services.a.ports: host port 8080 of 127.0.0.1:8080:80/tcp cannot serve 2 replicas: give a range of at least 2 ports, or let the engine pick (\"80\")");
  }

  @Test
  void hostNetworkConflictsWithPortsAndNetworks() {
    assertThat(problems(s -> s.network("backend")
            .service("a", x -> x.image("x:1").networkMode("host").port("8080:80").network("backend"))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.a.network_mode: network_mode \"host\" cannot be combined with networks (backend)",
            "services.a.ports: ports cannot be published with network_mode \"host\"");
  }

  @Test
  void readOnlyRootConflictsWithAnEnvironmentSecret() {
    assertThat(problems(s -> s.secret("token", x -> x.fromEnvironment("TOKEN"))
            .service("a", x -> x.image("x:1").readOnlyRootFilesystem().secret("token"))))
        .extracting(Problem::path)
        .containsExactly("services.a.secrets.token");
    assertThat(problems(s -> s.secret("token", x -> x.generated(16))
            .service("a", x -> x.image("x:1").readOnlyRootFilesystem().secret("token"))))
        .isEmpty();
  }

  @Test
  void invalidNamesAreRejected() {
    assertThat(problems(s -> s.network("-bad").service("Bad Name", busybox())))
        .extracting(Problem::path)
        .containsExactly("services.Bad Name", "networks.-bad");
    assertThat(Stack.builder("Shop").validate()).extracting(Problem::path).containsExactly("name");
  }

  @Test
  void aServiceNeedsAnImageOrABuild() {
    assertThat(problems(s -> s.service("a", x -> x.command("true"))))
        .extracting(Problem::toString)
        .containsExactly("services.a: service has neither an image nor a build");
    assertThat(problems(s -> s.service("a", x -> x.build(b -> b.context("."))))).isEmpty();
  }

  @Test
  void hardenedNeedsANonRootUser() {
    assertThat(problems(s -> s.service("a", x -> x.image("x:1").hardened())))
        .extracting(Problem::toString)
        .containsExactly("services.a.user: a hardened service needs a non-root user, e.g. user(10001, 10001); none is set");
    assertThat(problems(s -> s.service("a", x -> x.image("x:1").hardened().user("root"))))
        .extracting(Problem::message)
        .containsExactly("a hardened service needs a non-root user, e.g. user(10001, 10001); got \"root\"");
  }

  @Test
  void hardenedAppliesTheWholePreset() {
    Service s = Stack.define("shop", x -> x.service("a", a -> a.image("x:1").user(10001, 10001).hardened())).base().service("a");
    assertThat(s.security().readOnlyRootFilesystem()).isTrue();
    assertThat(s.security().noNewPrivileges()).isTrue();
    assertThat(s.security().capDrop()).containsExactly("ALL");
    assertThat(s.resources().pidsLimit()).contains(ServiceBuilder.HARDENED_PIDS_LIMIT);
    assertThat(s.storage().mounts()).extracting(Mount::target).containsExactly("/tmp");
  }

  @Test
  void reservationsCannotExceedLimits() {
    assertThat(problems(s -> s.service("a", x -> x.image("x:1").memoryLimit("256m").memoryReservation("512m")
            .cpuLimit("0.5").cpuReservation("1"))))
        .extracting(Problem::toString)
        .containsExactly(
            "services.a.deploy.resources.reservations.memory: reservation 512m is more than the limit 256m",
            "services.a.deploy.resources.reservations.cpus: reservation 1 is more than the limit 0.5");
  }

  @Test
  void mountTargetsMustBeAbsoluteAndSecretFilesMounted() {
    assertThat(problems(s -> s.volume("data").service("a", x -> x.image("x:1").mountVolume("data", "data"))))
        .extracting(Problem::message)
        .containsExactly("target \"data\" is not an absolute path");
  }

  @Test
  void secretsAndConfigsNeedASource() {
    assertThat(problems(s -> s.secret("token", x -> {}).config("conf", x -> {})))
        .extracting(Problem::path)
        .containsExactly("secrets.token", "configs.conf");
  }

  @Test
  void backupHooksReferToServices() {
    assertThat(problems(s -> s.volume("data", v -> v.backup(b -> b.before("db", "pg_dump")))))
        .extracting(Problem::toString)
        .containsExactly("volumes.data.x-sentinel-backup.before: service \"db\" is not defined (defined: none)");
  }

  @Test
  void environmentProblemsArePrefixedWithTheirEnvironment() {
    assertThatThrownBy(() -> Stack.define("shop", s -> s
            .service("api", busybox())
            .environment("production", e -> e.service("api", a -> a.network("missing").memoryLimit("lots")))))
        .isInstanceOf(InvalidStackException.class)
        .hasMessageContaining("environments.production.services.api.deploy.resources.limits.memory: \"lots\" is not a size")
        .hasMessageContaining("environments.production.services.api.networks.missing: network \"missing\" is not defined");
  }

  @Test
  void unknownEnvironmentListsTheKnownOnes() {
    Stack stack = Stack.define("shop", s -> s.service("api", busybox())
        .environment("development", e -> {}).environment("production", e -> {}));
    assertThatThrownBy(() -> stack.resolve("prod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stack \"shop\" has no environment \"prod\" (it has: development, production)");
  }

  @Test
  void removingAnUndefinedServiceIsAProblem() {
    assertThat(problems(s -> s.service("api", busybox()).environment("production", e -> e.removeService("debug"))))
        .extracting(Problem::toString)
        .containsExactly("environments.production.services.debug: cannot remove service \"debug\": it is not defined");
  }

  @Test
  void removingAServiceOthersDependOnIsCaught() {
    assertThat(problems(s -> s.service("db", busybox()).service("api", a -> a.image("x:1").dependsOn("db"))
            .environment("production", e -> e.removeService("db"))))
        .extracting(Problem::path)
        .containsExactly("environments.production.services.api.depends_on.db");
  }

  @Test
  void envSecretFileMountsTheSecret() {
    Service s = Stack.define("shop", x -> x.secret("pw", p -> p.generated(16))
        .service("a", a -> a.image("x:1").envSecretFile("PW_FILE", "pw"))).base().service("a");
    assertThat(s.storage().secrets()).extracting(FileMount::target).containsExactly("/run/secrets/pw");
    assertThat(s.environment().variables().get("PW_FILE")).isEqualTo(new EnvValue.SecretFile("pw"));
  }

  @Test
  void healthCheckNeedsATestAndPositiveTimings() {
    assertThat(problems(s -> s.service("a", x -> x.image("x:1").healthCheck(h -> h.retries(0)))))
        .extracting(Problem::toString)
        .containsExactly("services.a.healthcheck.retries: retries must be at least 1, got 0",
            "services.a.healthcheck.test: a health check needs a test: command(...), shell(...), httpGet(...) or disable()");
  }
}
