package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentinel -f compose.yaml <command>}: a Compose file run as it is, no Java. What the engine
 * holds is checked through its own API (container IDs, labels), not through Sentinel's output.
 */
class ComposeFileIT {
  @TempDir Path dir;

  private final String name = TestObjects.uniqueName("cf");

  @AfterEach
  void cleanUp() {
    StackCleanup.removeEverything(name);
  }

  private Path composeFile() throws Exception {
    String image = TestImages.busybox();
    // The project name comes from name: (as Compose reads it); -p is tested below.
    return Files.writeString(dir.resolve("compose.yaml"), """
        name: %s
        services:
          web:
            image: %s
            command: ["sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
              interval: 1s
              retries: 30
            ports:
              - "127.0.0.1::8080"
            volumes:
              - data:/data
          worker:
            image: %s
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            depends_on:
              web:
                condition: service_healthy
        volumes:
          data:
        """.formatted(name, image, image));
  }

  private CliRun sentinel(Path file, String... args) {
    List<String> all = new ArrayList<>(List.of("-f", file.toString(), "--state-dir", dir.resolve("state").toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  private List<String> containerIds() {
    return TestEngine.client().listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()
        .stream().map(c -> c.getId()).sorted().toList();
  }

  @Test
  void upTwiceIsANoOpWithTheSameContainersAndDownLeavesNothing() throws Exception {
    Path file = composeFile();
    CliRun up = sentinel(file, "up");
    assertThat(up.exitCode()).as(up.err()).isZero();
    List<String> first = containerIds();
    assertThat(first).hasSize(2);
    assertThat(TestEngine.client().inspectContainerCmd(name + "-web-1").exec().getState().getHealth().getStatus()).isEqualTo("healthy");

    CliRun again = sentinel(file, "up");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(containerIds()).as("the second up recreates nothing").isEqualTo(first);
    assertThat(sentinel(file, "plan").out()).contains("no changes");

    CliRun status = sentinel(file, "status", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.json().path("containers")).hasSize(2);
    for (JsonNode c : status.json().path("containers")) {
      // Against the engine's own answer to docker inspect.
      var inspect = TestEngine.client().inspectContainerCmd(c.path("id").asText()).exec();
      assertThat(c.path("name").asText()).isEqualTo(inspect.getName().substring(1));
      assertThat(c.path("state").asText()).isEqualTo(inspect.getState().getStatus()).isEqualTo("running");
      assertThat(c.path("restartCount").asInt()).isEqualTo(inspect.getRestartCount());
      assertThat(java.time.Instant.parse(c.path("startedAt").asText())).isEqualTo(java.time.Instant.parse(inspect.getState().getStartedAt()));
      if (c.path("service").asText().equals("web")) {
        assertThat(c.path("health").asText()).isEqualTo("healthy");
        String hostPort = inspect.getNetworkSettings().getPorts().getBindings().values().iterator().next()[0].getHostPortSpec();
        assertThat(c.path("ports").toString()).isEqualTo("[\"127.0.0.1:" + hostPort + "->8080/tcp\"]");
      } else {
        assertThat(c.path("health").isMissingNode() || c.path("health").isNull()).as(c.toString()).isTrue();
        assertThat(c.path("ports").toString()).isEqualTo("[]");
      }
    }
    // With -p, status needs only the name and reads no file, as `docker compose -p NAME ps`.
    CliRun byName = CliRun.of("-f", dir.resolve("absent.yaml").toString(), "-p", name, "--state-dir", dir.resolve("state").toString(),
        "status", "--json");
    assertThat(byName.exitCode()).as(byName.err()).isZero();
    assertThat(byName.json().path("containers").findValuesAsText("id")).isEqualTo(status.json().path("containers").findValuesAsText("id"));

    CliRun down = sentinel(file, "down", "--volumes");
    assertThat(down.exitCode()).as(down.err()).isZero();
    var docker = TestEngine.client();
    assertThat(containerIds()).isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes();
    assertThat(volumes == null ? List.of() : volumes).isEmpty();
  }

  @Test
  void driftNamesAContainerStoppedAndALimitChangedOutsideSentinelWithExitCode5AndUpCorrectsThem() throws Exception {
    Path file = composeFile();
    assertThat(sentinel(file, "up").exitCode()).isZero();
    CliRun clean = sentinel(file, "drift");
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).startsWith("no drift");

    var docker = TestEngine.client();
    docker.stopContainerCmd(name + "-worker-1").withTimeout(1).exec();
    docker.updateContainerCmd(name + "-web-1").withCpuShares(256).exec();
    CliRun drift = sentinel(file, "drift", "--json");
    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(DriftCommand.DRIFTED);
    assertThat(drift.json()).hasSize(2);
    assertThat(drift.json().toString())
        .contains("{\"type\":\"container\",\"name\":\"" + name + "-worker-1\",\"service\":\"worker\",\"correction\":\"start\","
            + "\"differences\":[\"stopped outside Sentinel\"]}")
        .contains("\"differences\":[\"cpuShares: 256 on the engine, unset defined (changed outside Sentinel)\"]");

    assertThat(sentinel(file, "up").exitCode()).isZero();
    assertThat(docker.inspectContainerCmd(name + "-web-1").exec().getHostConfig().getCpuShares()).isIn(0, null);
    assertThat(sentinel(file, "drift").exitCode()).isZero();
  }

  @Test
  void lintWritesSarifAndBackupArchivesTheComposeFilesVolume() throws Exception {
    Path file = composeFile();
    CliRun sarif = sentinel(file, "lint", "--sarif");
    assertThat(sarif.out()).contains("\"version\" : \"2.1.0\"");
    JsonNode results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sarif.out()).path("runs").get(0).path("results");
    assertThat(results.isArray()).isTrue();

    assertThat(sentinel(file, "up").exitCode()).isZero();
    Path backups = dir.resolve("backups");
    CliRun backup = sentinel(file, "backup", "--to", backups.toString(), "--json");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
    assertThat(backup.json().path("volumes")).hasSize(1);
    assertThat(backup.json().path("volumes").get(0).path("name").asText()).endsWith("data");
    Path archive = Path.of(backup.json().path("archive").asText());
    try (Stream<Path> archives = Files.list(backups)) {
      assertThat(archives).contains(archive);
    }
    CliRun verify = sentinel(file, "verify", archive.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  void theProjectNameComesFromMinusPAndBadFilesAreUsageErrorsWithTheirLine() throws Exception {
    Path file = Files.writeString(dir.resolve("other.yaml"), "services:\n  a:\n    image: x:1\n    stdin_open: maybe\n");
    CliRun bad = sentinel(file, "lint");
    assertThat(bad.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(bad.err()).contains("other.yaml:4: services.a.stdin_open: \"maybe\" is not true or false");

    Path good = Files.writeString(dir.resolve("good.yaml"), "services:\n  a:\n    image: x:1\n");
    CliRun plan = CliRun.of("-f", good.toString(), "-p", name, "--state-dir", dir.resolve("state").toString(), "lint", "--json");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.json().path("stack").asText()).isEqualTo(name);

    CliRun both = CliRun.of("-f", good.toString(), "--stack", "x", "lint");
    assertThat(both.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(both.err()).contains("--stack and -f");
  }
}
