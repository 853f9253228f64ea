package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part (a) of the fault harness: {@code sentinel up} as a real process, killed with SIGKILL at
 * points spread over its run, each followed by an {@code up} that must converge. The kill points
 * are progress lines: the process is killed the moment it has printed its k-th line (after the
 * plan, after "creating", between "started" and a dependent's start, while others wait to become
 * healthy). Rounds alternate between two versions of a 10-service stack, so the first kills land in
 * a cold start and the rest in recreations (where old containers are set aside). Converged is
 * judged by the engine: exactly the ten containers under their own names, each running, healthy
 * where it has a health check, carrying the version just applied; the stack's networks and volume
 * and nothing else; and the second {@code up} got the lock (a killed process released it).
 *
 * <p>CI runs 12 kill points (3 in a cold start, 9 in recreations; about 40 s each) to stay within
 * its time; {@code -Dsentinel.harness.killPoints=20} (or more) runs the full harness.
 */
class KillDuringUpIT {
  private static final int KILL_POINTS = Integer.getInteger("sentinel.harness.killPoints", 12);
  private static final List<String> SERVICES = List.of("db1", "db2", "api1", "api2", "api3", "api4", "w1", "w2", "w3", "w4");

  @TempDir Path dir;

  private final String name = TestObjects.uniqueName("kill");
  private final DockerClient docker = TestEngine.client();

  @AfterEach
  void cleanUp() {
    StackCleanup.removeEverything(name);
  }

  @Test
  void upKilledAtPointsSpreadOverItsRunConvergesOnTheNextUpEveryTimeWithNothingDuplicatedOrLeft() throws Exception {
    int port = freePort();
    Path v1 = composeFile("v1", port);
    Path v2 = composeFile("v2", port);
    // A calibrating run of each kind: how many progress lines a cold start and a recreation print.
    int coldLines = run(v1, Integer.MAX_VALUE).lines.size();
    assertConverged("v1");
    int recreateLines = run(v2, Integer.MAX_VALUE).lines.size();
    assertConverged("v2");
    StackCleanup.removeEverything(name);

    List<String> killedAfter = new ArrayList<>();
    for (int round = 0; round < KILL_POINTS; round++) {
      boolean cold = round < KILL_POINTS / 4;
      if (cold) {
        StackCleanup.removeEverything(name);
      }
      String version = round % 2 == 0 ? "v1" : "v2";
      Path file = version.equals("v1") ? v1 : v2;
      int total = cold ? coldLines : recreateLines;
      int rounds = cold ? KILL_POINTS / 4 : KILL_POINTS - KILL_POINTS / 4;
      int index = cold ? round : round - KILL_POINTS / 4;
      int killAt = 1 + (int) ((long) index * (total - 1) / Math.max(1, rounds - 1)); // spread over 1..total
      Run killed = run(file, Math.min(killAt, total - 1));
      killedAfter.add((cold ? "cold " : "recreate ") + version + " at line " + killAt + ": "
          + (killed.lines.isEmpty() ? "(none)" : killed.lines.get(killed.lines.size() - 1)));

      Run converging = run(file, Integer.MAX_VALUE);
      assertThat(converging.exitCode).as("up after the kill %s\n%s", killedAfter.get(killedAfter.size() - 1), converging.lines).isZero();
      assertConverged(version);
    }
    Files.writeString(Path.of("target", "kill-harness.txt"), "kill points tried: " + killedAfter.size() + ", converged: "
        + killedAfter.size() + "\n" + String.join("\n", killedAfter) + "\n");
    System.out.println("kill harness: " + killedAfter.size() + " kill points, each converged\n  " + String.join("\n  ", killedAfter));
    assertThat(new TreeSet<>(killedAfter.stream().map(k -> k.replaceAll(".*: ", "").replaceAll("\\s.*", "")).toList()))
        .as("the kill points fall on different services' lines").hasSizeGreaterThan(3);
  }

  /** 2 databases (one with a volume), 4 APIs that need them healthy (one on a fixed host port), 4 workers that need the APIs healthy. */
  private Path composeFile(String version, int port) throws IOException {
    String image = TestImages.busybox();
    String httpd = "[\"sh\", \"-c\", \"mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www\"]";
    String health = """
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
              interval: 1s
              retries: 30
        """;
    StringBuilder yaml = new StringBuilder("name: " + name + "\nservices:\n");
    for (String db : List.of("db1", "db2")) {
      yaml.append("  ").append(db).append(":\n    image: ").append(image).append("\n    command: ").append(httpd)
          .append("\n    environment:\n      VERSION: ").append(version).append("\n    stop_grace_period: 1s\n    networks: [back]\n")
          .append(health);
      if (db.equals("db1")) {
        yaml.append("    volumes:\n      - data:/data\n");
      }
    }
    for (int i = 1; i <= 4; i++) {
      yaml.append("  api").append(i).append(":\n    image: ").append(image).append("\n    command: ").append(httpd)
          .append("\n    environment:\n      VERSION: ").append(version).append("\n    stop_grace_period: 1s\n    networks: [back, front]\n")
          .append(health).append("    depends_on:\n      db").append(1 + i % 2).append(":\n        condition: service_healthy\n");
      if (i == 1) {
        yaml.append("    ports:\n      - \"127.0.0.1:").append(port).append(":8080\"\n");
      }
    }
    for (int i = 1; i <= 4; i++) {
      yaml.append("  w").append(i).append(":\n    image: ").append(image).append("\n    command: [\"sleep\", \"3600\"]")
          .append("\n    environment:\n      VERSION: ").append(version).append("\n    stop_grace_period: 1s\n    networks: [front]\n")
          .append("    depends_on:\n      api").append(i).append(":\n        condition: service_healthy\n");
    }
    yaml.append("networks:\n  back:\n  front:\nvolumes:\n  data:\n");
    return Files.writeString(dir.resolve("compose-" + version + ".yaml"), yaml);
  }

  private record Run(int exitCode, List<String> lines) {}

  /** Runs {@code sentinel -f file up} as a process; kills it with SIGKILL once it printed {@code killAtLine} progress lines. */
  private Run run(Path file, int killAtLine) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "dev.sentinel.cli.SentinelCli", "-f", file.toString(), "--state-dir", dir.resolve("state").toString(), "up")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        lines.add(line);
        if (lines.size() >= killAtLine) {
          process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
          break;
        }
      }
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("sentinel up did not end within 5 minutes; it printed:\n" + String.join("\n", lines));
    }
    return new Run(process.exitValue(), lines);
  }

  private void assertConverged(String version) {
    List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec();
    assertThat(containers).extracting(c -> c.getNames()[0].substring(1))
        .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> name + "-" + s + "-1").toList());
    for (Container c : containers) {
      InspectContainerResponse inspect = docker.inspectContainerCmd(c.getId()).exec();
      assertThat(inspect.getState().getRunning()).as(inspect.getName()).isTrue();
      if (inspect.getState().getHealth() != null) {
        assertThat(inspect.getState().getHealth().getStatus()).as(inspect.getName()).isEqualTo("healthy");
      }
      assertThat(inspect.getConfig().getEnv()).as(inspect.getName()).contains("VERSION=" + version);
    }
    assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec())
        .extracting(n -> n.getName()).containsExactlyInAnyOrder(name + "_back", name + "_front");
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes();
    assertThat(volumes).extracting(v -> v.getName()).containsExactly(name + "_data");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
