package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on a real engine: exit codes and JSON output of every command. */
class CliIT {
  @TempDir Path dir;

  private final String name = TestObjects.uniqueName("cli");
  private final List<String> extraVolumes = new ArrayList<>();

  @BeforeEach
  void name() {
    System.setProperty(CliTestStack.NAME_PROPERTY, name);
  }

  @AfterEach
  void cleanUp() {
    System.clearProperty(CliTestStack.NAME_PROPERTY);
    StackCleanup.removeEverything(name);
    extraVolumes.forEach(v -> dev.sentinel.testing.Cleanup.run(() -> TestEngine.client().removeVolumeCmd(v).exec()));
  }

  /** Writes a file into a volume as root, with a throwaway busybox container. */
  private static void seed(String volume) throws Exception {
    var docker = TestEngine.client();
    String id = docker.createContainerCmd(dev.sentinel.testing.TestImages.busybox()).withLabels(TestObjects.labels(CliIT.class))
        .withCmd("sh", "-c", "echo seeded > /data/seed")
        .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
            .withBinds(com.github.dockerjava.api.model.Bind.parse(volume + ":/data")).withNetworkMode("none"))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      docker.waitContainerCmd(id).exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
          .awaitStatusCode(1, java.util.concurrent.TimeUnit.MINUTES);
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private CliRun sentinel(String... args) {
    List<String> all = new ArrayList<>(List.of("--state-dir", dir.resolve("state").toString()));
    if (!List.of(args).contains("--stack")) {
      all.addAll(List.of("--stack", name));
    }
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void theWholeLifecycleThroughTheCli() throws Exception {
    CliRun lint = sentinel("lint", "--json");
    assertThat(lint.exitCode()).as(lint.out() + lint.err()).isZero();
    assertThat(lint.json().path("failed").asBoolean()).isFalse();
    CliRun production = sentinel("--env", "production", "lint", "--json");
    assertThat(production.json().path("findings").toString()).contains("NET-PORT-ALL-INTERFACES");
    CliRun strict = sentinel("--env", "production", "lint", "--policy", Files.writeString(dir.resolve("policy.yml"), "failAt: warning\n").toString());
    assertThat(strict.exitCode()).isEqualTo(SentinelCli.FAILED);
    assertThat(sentinel("lint", "--sarif").out()).contains("\"version\" : \"2.1.0\"");

    CliRun plan = sentinel("plan", "--json");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.json().path("actions").toString()).contains("\"kind\":\"CREATE\"");

    CliRun up = sentinel("up");
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.err()).contains("db  healthy").contains("api  healthy");
    assertThat(sentinel("plan").out()).contains("no changes");

    CliRun status = sentinel("status", "--json");
    assertThat(status.exitCode()).isZero();
    assertThat(status.json().path("containers")).hasSize(2);
    status.json().path("containers").forEach(c -> assertThat(c.path("state").asText()).isEqualTo("running"));
    assertThat(sentinel("health").exitCode()).isZero();
    assertThat(sentinel("logs", "db", "--tail", "5").exitCode()).isZero();
    CliRun resources = sentinel("resources", "--json");
    assertThat(resources.exitCode()).as(resources.err()).isZero();
    assertThat(resources.json()).hasSize(2);
    resources.json().forEach(r -> {
      assertThat(r.path("memoryBytes").asLong()).isPositive();
      assertThat(r.path("memoryLimit").asText()).isEqualTo("64m");
      assertThat(r.path("suggestedMemoryLimit").asText()).isNotBlank();
    });
    assertThat(sentinel("resources").out()).contains("CONTAINER").contains(name + "-db-1");
    CliRun audit = sentinel("audit", "--json");
    assertThat(audit.json().path("mode").asText()).isEqualTo("audit");

    CliRun export = sentinel("export", "--out", dir.resolve("compose").toString());
    assertThat(export.exitCode()).isZero();
    assertThat(dir.resolve("compose/docker-compose.production.yml")).exists();
    assertThat(Files.readString(dir.resolve("compose/docker-compose.yml"))).contains("file: ./../state/secrets/" + name + "/token");

    seed(name + "_data");
    CliRun backup = sentinel("backup", "--to", dir.resolve("backups").toString(), "--json");
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    Path archive = Path.of(backup.json().path("archive").asText());
    assertThat(backup.json().path("volumes").get(0).path("name").asText()).isEqualTo(name + "_data");
    assertThat(backup.json().path("held").toString()).contains(name + "-db-1");
    // The db was stopped for it, the engine is this host's and the test runs as root: read from its directory here.
    assertThat(backup.json().path("readOnHost").toString()).isEqualTo("[\"" + name + "_data\"]");
    CliRun engineRead = sentinel("backup", "--through-engine", "--to", dir.resolve("engine-backups").toString(), "--json");
    assertThat(engineRead.exitCode()).as(engineRead.err()).isZero();
    assertThat(engineRead.json().path("readOnHost").toString()).isEqualTo("[]");
    assertThat(engineRead.json().path("volumes").get(0).path("sha256").asText())
        .isEqualTo(backup.json().path("volumes").get(0).path("sha256").asText());
    assertThat(sentinel("verify", archive.toString()).exitCode()).isZero();
    Path damaged = Files.copy(archive, dir.resolve(archive.getFileName()));
    Files.copy(archive.resolveSibling(archive.getFileName() + ".sha256"), dir.resolve(archive.getFileName() + ".sha256"));
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(damaged, bytes);
    CliRun refused = sentinel("verify", damaged.toString());
    assertThat(refused.exitCode()).isEqualTo(SentinelCli.FAILED);
    assertThat(refused.err()).contains("refused:");

    Path page = dir.resolve("report/index.html");
    CliRun report = sentinel("report", "--html", page.toString(), "--backups", dir.resolve("backups").toString(), "--watch", "1", "--rounds", "2");
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.err()).contains("wrote " + page + " (1 samples)").contains("wrote " + page + " (2 samples)");
    String html = Files.readString(page);
    assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"1\">").contains("2 samples")
        .contains("<tr data-service=\"db\"><td>db</td><td>" + name + "-db-1</td>").contains("<tr data-service=\"api\">")
        .contains("<tr data-volume=\"" + name + "_data\">").contains(archive.getFileName().toString());
    assertThat(dir.resolve("report/index.html.partial")).doesNotExist();

    CliRun notEmpty = sentinel("restore", archive.toString());
    assertThat(notEmpty.exitCode()).isEqualTo(SentinelCli.FAILED);
    assertThat(notEmpty.err()).contains("is not empty");
    String copy = TestObjects.uniqueName("vol");
    extraVolumes.add(copy);
    CliRun renamed = sentinel("restore", archive.toString(), "--rename", name + "_data=" + copy);
    assertThat(renamed.exitCode()).as(renamed.err()).isZero();
    assertThat(renamed.out()).contains("restored " + copy).contains("written straight into their directories on this host: " + copy);
    String viaEngine = TestObjects.uniqueName("vol");
    extraVolumes.add(viaEngine);
    CliRun throughEngine = sentinel("restore", archive.toString(), "--rename", name + "_data=" + viaEngine, "--through-engine");
    assertThat(throughEngine.exitCode()).as(throughEngine.err()).isZero();
    assertThat(throughEngine.out()).isEqualTo("restored " + viaEngine + "\n");
    assertThat(sentinel("restore", archive.toString(), "--rename", "nonsense").exitCode()).isEqualTo(SentinelCli.USAGE);

    assertThat(sentinel("secrets", "rotate", "token").exitCode()).isZero();
    assertThat(sentinel("secrets", "rotate", "nope").exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(sentinel("plan").out()).contains("recreate container " + name + "-db-1 (mounts)");

    assertThat(sentinel("down", "--volumes").exitCode()).isZero();
    assertThat(sentinel("health").exitCode()).isEqualTo(SentinelCli.NOT_HEALTHY);
  }

  @Test
  void mistakesAreUsageErrorsThatSayWhatIsWrong() {
    CliRun mars = sentinel("--target", "mars", "plan");
    assertThat(mars.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(mars.err()).contains("--target mars is not a target (engine or swarm)");
    CliRun swarm = sentinel("--target", "swarm", "plan");
    assertThat(swarm.exitCode()).isEqualTo(SentinelCli.FAILED);
    assertThat(swarm.err()).contains("is not a swarm manager: run `docker swarm init`");
    CliRun env = sentinel("--env", "staging", "lint");
    assertThat(env.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(env.err()).contains("has no environment \"staging\" (it has: development, production)");
    CliRun stack = sentinel("--stack", "nope", "lint");
    assertThat(stack.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(stack.err()).contains("no stack named nope on the classpath (found: " + name);
    assertThat(sentinel("frobnicate").exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(sentinel("--help").out()).contains("plan").contains("backup").contains("prune-backups");
  }
}
