package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.FullFeatureStack;
import dev.sentinel.dsl.Stack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private static final Map<String, String> VARIABLES = Map.of("ATS_LICENSE_KEY", "test-license");

  @TempDir static Path dir;

  @BeforeAll
  static void export() throws Exception {
    ComposeCli.requireCompose();
    ComposeExporter.create().writeTo(STACK, dir);
  }

  @Test
  void composeAcceptsTheBase() throws Exception {
    ComposeCli.Result base = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "config", "--quiet"));
    assertThat(base.exitCode()).as(base.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void baseWithOverrideEqualsTheFlattenedExport(String env) throws Exception {
    ComposeCli.Result layered = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "-f", "docker-compose." + env + ".yml",
        "config", "--format", "json"));
    ComposeCli.Result flat = compose(List.of("--profile", "*", "-f", "docker-compose." + env + ".flat.yml", "config", "--format", "json"));
    assertThat(layered.exitCode()).as(layered.output()).isZero();
    assertThat(flat.exitCode()).as(flat.output()).isZero();
    assertThat(layered.output()).isEqualTo(flat.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void dockerStackAcceptsTheStackFile(String env) throws Exception {
    ComposeCli.Result stack = docker(List.of("stack", "config", "-c", "docker-stack." + env + ".yml"));
    assertThat(stack.exitCode()).as(stack.output()).isZero();
  }

  private static ComposeCli.Result compose(List<String> args) throws Exception {
    return ComposeCli.compose(dir, args, VARIABLES);
  }

  private static ComposeCli.Result docker(List<String> args) throws Exception {
    return ComposeCli.docker(dir, args, VARIABLES);
  }
}
