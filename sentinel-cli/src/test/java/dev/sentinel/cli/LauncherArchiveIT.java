package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/sentinel}'s class-data archives, as a user's runs meet them: the launcher and the
 * CLI's jar copied into a checkout layout of the test's own (the script finds its jars beside
 * itself), and {@code --help} run through it. Whether a run mapped the archive is read from the
 * JVM's class-loading log ({@code source: shared objects file}), not from timings. No engine needed.
 */
class LauncherArchiveIT {
  private static final Path SCRIPT = Path.of("..", "scripts", "sentinel").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "sentinel.jar").toAbsolutePath();
  private static final Duration ARCHIVE_WRITTEN_WITHIN = Duration.ofMinutes(3);

  @TempDir Path checkout;
  @TempDir Path logs;
  private Path target;

  @BeforeEach
  void checkoutLayout() throws IOException {
    Path scripts = Files.createDirectories(checkout.resolve("scripts"));
    Files.copy(SCRIPT, scripts.resolve("sentinel"));
    Files.setPosixFilePermissions(scripts.resolve("sentinel"), PosixFilePermissions.fromString("rwxr-xr-x"));
    target = Files.createDirectories(checkout.resolve("sentinel-cli").resolve("target"));
    Files.copy(JAR, target.resolve("sentinel.jar"));
    // The examples' jar the launcher puts on the class path (built after this module): an empty one.
    Path examples = Files.createDirectories(checkout.resolve("sentinel-examples").resolve("target"));
    try (OutputStream out = Files.newOutputStream(examples.resolve("sentinel-examples-0.0.0.jar"));
        JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
      jar.flush();
    }
  }

  @Test
  void theFirstRunWritesAnArchiveThatTheSecondMapsAndBothPrintTheSame() throws Exception {
    String first = help(Map.of());
    Path archive = awaitOneArchive("root");

    Path loaded = logs.resolve("second.log");
    String second = help(Map.of("SENTINEL_JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded));

    assertThat(second).isEqualTo(first).contains("Usage: sentinel");
    assertThat(Files.readAllLines(loaded)).as("the second run loads the CLI's own classes from %s", archive.getFileName())
        .anySatisfy(line -> assertThat(line).contains(" dev.sentinel.cli.SentinelCli source: shared objects file"));
  }

  @Test
  void aRebuiltJarGetsAnArchiveOfItsOwnAndTheOldOneIsDeleted() throws Exception {
    help(Map.of());
    Path old = awaitOneArchive("root");

    // A rebuild: the same bytes, a later modification time (part of the archive's key).
    Path jar = target.resolve("sentinel.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(old).toInstant().plusSeconds(10)));
    Path loaded = logs.resolve("rebuilt.log");
    help(Map.of("SENTINEL_JAVA_OPTS", "-Xlog:class+load=info:file=" + loaded));

    assertThat(old).as("an archive older than the jar can never be used again").doesNotExist();
    assertThat(Files.readAllLines(loaded)).as("the run after the rebuild did not map the old archive")
        .anySatisfy(line -> assertThat(line).contains(" dev.sentinel.cli.SentinelCli source: file:"));
    assertThat(awaitOneArchive("root").getFileName()).isNotEqualTo(old.getFileName());
  }

  @Test
  void aDirectoryOnTheClassPathRunsWithoutArchives() throws Exception {
    Path classes = Files.createDirectories(checkout.resolve("my-classes"));
    String output = help(Map.of("SENTINEL_CLASSPATH", classes.toString()));

    assertThat(output).contains("Usage: sentinel");
    // The JVM cannot archive from a directory: neither a class list nor an archive is written.
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sentinel.jar");
    }
  }

  /** What {@code scripts/sentinel --help} prints in the test's checkout, with this JVM's java first on the PATH. */
  private String help(Map<String, String> environment) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(checkout.resolve("scripts").resolve("sentinel").toString(), "--help"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("SENTINEL_CLASSPATH");
    env.remove("SENTINEL_JAVA_OPTS");
    env.remove("SENTINEL_CDS");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("scripts/sentinel --help ended").isTrue();
    assertThat(process.exitValue()).as("exit code of scripts/sentinel --help; it printed:%n%s", output).isZero();
    return output;
  }

  /**
   * The one archive of {@code subcommand}, once the launcher's background dump has written it and
   * cleaned up after itself (no class list or temporary file left).
   */
  private Path awaitOneArchive(String subcommand) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(ARCHIVE_WRITTEN_WITHIN);
    while (true) {
      List<String> names;
      try (Stream<Path> files = Files.list(target)) {
        names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("sentinel.jar")).sorted().toList();
      }
      List<String> archives = names.stream().filter(n -> n.endsWith("-" + subcommand + ".jsa")).toList();
      boolean dumping = names.stream().anyMatch(n -> n.endsWith(".classes") || n.endsWith(".tmp"));
      assertThat(names).as("no archive dump failed").noneMatch(n -> n.endsWith(".failed"));
      if (archives.size() == 1 && !dumping) {
        return target.resolve(archives.get(0));
      }
      assertThat(Instant.now()).as("an archive of %s written within %s; files beside the jar: %s", subcommand, ARCHIVE_WRITTEN_WITHIN, names)
          .isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
