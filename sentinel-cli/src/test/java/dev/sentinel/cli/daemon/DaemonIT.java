package dev.sentinel.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users meet it: {@code DaemonClient} run as a process from the CLI's jar (what
 * {@code scripts/sentinel} runs), in a private socket directory of the test's own. Whether a command
 * ran in a daemon is read from the daemon's log (one line per command), not from timings.
 */
class DaemonIT {
  private static final Path JAR = Path.of("target", "sentinel.jar").toAbsolutePath();

  @TempDir Path runtime;
  @TempDir Path projects;

  private final String name = TestObjects.uniqueName("daemon");
  private final DockerClient docker = TestEngine.client();

  @BeforeEach
  void privateSocketDirectoryAndImage() throws IOException {
    TestImages.busybox();
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void stopDaemonsAndCleanUp() throws Exception {
    run(projects, Map.of(), "daemon", "stop");
    for (ProcessHandle daemon : daemons()) {
      daemon.destroyForcibly();
    }
    StackCleanup.removeEverything(name);
  }

  @Test
  void theSecondRunIsServedByTheDaemonTheFirstStartedAndPrintsExactlyWhatTheFirstPrinted() throws Exception {
    Path project = project("a", "web");
    Path broken = Files.writeString(project.resolve("broken.yaml"), "services:\n  web:\n    image: x\n    restart: sometimes\n");

    Run direct = run(project, Map.of(), "-f", "compose.yaml", "plan");
    assertThat(direct.exitCode).as(direct.err).isZero();
    assertThat(direct.out).contains("+ create container " + name + "-web-1");
    Path log = awaitDaemonLog();
    Run served = run(project, Map.of(), "-f", "compose.yaml", "plan");
    assertThat(commandsLogged(log)).as("commands the daemon ran").isEqualTo(1);
    assertThat(served).isEqualTo(direct);

    // A refusal keeps its exit code and words (Compose's file and line), whoever runs it.
    Run refusedServed = run(project, Map.of(), "-f", broken.getFileName().toString(), "plan");
    assertThat(commandsLogged(log)).isEqualTo(2);
    Run refusedAlone = run(project, Map.of("SENTINEL_DAEMON", "0"), "-f", broken.getFileName().toString(), "plan");
    assertThat(refusedServed.exitCode).isEqualTo(2);
    assertThat(refusedServed.err).contains("broken.yaml:4").contains("restart");
    assertThat(refusedServed).isEqualTo(refusedAlone);
  }

  @Test
  void aRunFromAnotherDirectoryOrWithAnotherEnvironmentIsNotServedByADaemonStartedElsewhere() throws Exception {
    Path a = project("a", "alpha");
    Path b = project("b", "beta");
    run(a, Map.of(), "-f", "compose.yaml", "plan");
    Path log = awaitDaemonLog();

    // The same relative -f, another directory: its own file, not the daemon's directory's.
    Run fromB = run(b, Map.of(), "-f", "compose.yaml", "plan");
    assertThat(fromB.out).contains(name + "-beta-1").doesNotContain("alpha");
    // Another value of a variable the Compose file reads: interpolated with the caller's value.
    Run withVariable = run(a, Map.of("WEB_TAG", "2"), "-f", "compose.yaml", "plan");
    assertThat(withVariable.out).contains("busybox:2").doesNotContain("busybox:1");
    assertThat(commandsLogged(log)).as("commands the first daemon ran").isZero();
  }

  @Test
  void killingTheClientDuringUpEndsTheDaemonThereAsItWouldHaveEndedTheProcess() throws Exception {
    Path project = projects.resolve("slow");
    Files.createDirectories(project);
    Files.writeString(project.resolve("compose.yaml"), """
        name: %s
        services:
          slow:
            image: %s
            command: ["sh", "-c", "sleep 3600"]
            stop_grace_period: 1s
            healthcheck: {test: ["CMD", "test", "-f", "/tmp/never"], interval: 1s, retries: 100}
          after:
            image: %s
            command: ["sleep", "3600"]
            depends_on: {slow: {condition: service_healthy}}
        """.formatted(name, TestImages.busybox(), TestImages.busybox()));
    run(project, Map.of(), "-f", "compose.yaml", "plan");
    Path log = awaitDaemonLog();
    ProcessHandle daemon = daemons().get(0);

    Process client = start(project, Map.of(), "-f", "compose.yaml", "up");
    try (BufferedReader err = new BufferedReader(new InputStreamReader(client.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null && !line.contains("started " + name + "-slow-1")) {
        // until the daemon is in the middle of the up, waiting for slow to become healthy
      }
      assertThat(line).as("the up's progress, relayed by the client").isNotNull();
    }
    client.destroyForcibly();
    assertThat(daemon.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    try (Stream<Path> left = Files.list(runtime.resolve("sentinel"))) {
      assertThat(left.filter(p -> p.toString().endsWith(".sock")).toList()).as("sockets left").isEmpty();
    }
    assertThat(log).as("a halted daemon's log stays").exists();
    // Where it stopped: slow created and started, its dependent never created.
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec())
        .extracting(c -> c.getNames()[0].substring(1)).containsExactly(name + "-slow-1");
  }

  @Test
  void daemonStopEndsEveryDaemonOfTheUser() throws Exception {
    run(project("a", "alpha"), Map.of(), "-f", "compose.yaml", "plan");
    awaitDaemonLog();
    List<ProcessHandle> running = daemons();
    assertThat(running).hasSize(1);
    Run stop = run(projects, Map.of(), "daemon", "stop");
    assertThat(stop.exitCode).isZero();
    assertThat(running.get(0).onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    try (Stream<Path> left = Files.list(runtime.resolve("sentinel"))) {
      assertThat(left.toList()).as("an ordinary end removes the socket and its log").isEmpty();
    }
  }

  private Path project(String directory, String service) throws IOException {
    Path project = projects.resolve(directory);
    Files.createDirectories(project);
    Files.writeString(project.resolve("compose.yaml"), """
        name: %s
        services:
          %s:
            image: sentinel-test/busybox:${WEB_TAG:-1}
            command: ["sleep", "3600"]
        """.formatted(name, service));
    return project;
  }

  private record Run(int exitCode, String out, String err) {}

  private Run run(Path directory, Map<String, String> environment, String... args) throws Exception {
    Process process = start(directory, environment, args);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("sentinel %s ended", List.of(args)).isTrue();
    return new Run(process.exitValue(), out, err.get());
  }

  private Process start(Path directory, Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC", "-cp",
        JAR.toString(), DaemonClient.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
    builder.environment().remove("SENTINEL_DAEMON");
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The log of the one daemon the first run started, once its socket listens. */
  private Path awaitDaemonLog() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Path dir = runtime.resolve("sentinel");
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          Optional<Path> socket = files.filter(p -> p.toString().endsWith(".sock")).findFirst();
          if (socket.isPresent()) {
            return Path.of(socket.get() + ".log");
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no daemon listened within 90 s in " + dir);
  }

  private static long commandsLogged(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("ran a command")).count();
  }

  /** The daemons serving sockets in this test's directory. */
  private List<ProcessHandle> daemons() {
    String socketDirectory = runtime.resolve("sentinel").toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(DaemonServer.class.getName()) && c.contains(socketDirectory)).orElse(false))
        .toList();
  }
}
