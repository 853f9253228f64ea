package dev.sentinel.dsl.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.FullFeatureStack;
import dev.sentinel.dsl.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the export against Docker Compose v2 itself: the base is accepted, and for each environment
 * {@code -f base -f override} means exactly what the flattened file means.
 */
class ComposeCompatibilityIT {
  private static final Stack STACK = FullFeatureStack.define();

  @TempDir static Path dir;

  @BeforeAll
  static void export() throws Exception {
    Result version = compose(List.of("version"));
    assertThat(version.exitCode)
        .as("`docker compose` (v2) is needed for this test: ../shared/tools/install-compose-v2.sh installs it"
            + " (scripts/test.sh runs it when present); it said: " + version.output)
        .isZero();
    ComposeExporter.create().writeTo(STACK, dir);
  }

  @Test
  void composeAcceptsTheBase() throws Exception {
    Result base = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "config", "--quiet"));
    assertThat(base.exitCode).as(base.output).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void baseWithOverrideEqualsTheFlattenedExport(String env) throws Exception {
    Result layered = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "-f", "docker-compose." + env + ".yml",
        "config", "--format", "json"));
    Result flat = compose(List.of("--profile", "*", "-f", "docker-compose." + env + ".flat.yml", "config", "--format", "json"));
    assertThat(layered.exitCode).as(layered.output).isZero();
    assertThat(flat.exitCode).as(flat.output).isZero();
    assertThat(layered.output).isEqualTo(flat.output);
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void dockerStackAcceptsTheStackFile(String env) throws Exception {
    Result stack = docker(List.of("stack", "config", "-c", "docker-stack." + env + ".yml"));
    assertThat(stack.exitCode).as(stack.output).isZero();
  }

  private record Result(int exitCode, String output) {}

  private static Result compose(List<String> args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("compose"));
    all.addAll(args);
    return docker(all);
  }

  private static Result docker(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    builder.environment().put("ATS_LICENSE_KEY", "test-license");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(-1, "cannot run docker: " + e.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "docker compose did not finish in 60 s");
    }
    return new Result(process.exitValue(), output);
  }
}
