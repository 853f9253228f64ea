package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Docker Compose v2 as the judge of the import: runs {@code docker compose config} and compares results. */
final class ComposeCli {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ComposeCli() {}

  /** Fails, saying how to get it, when {@code docker compose} (v2) is not there. */
  static void requireCompose() throws Exception {
    Result version = compose(Path.of("."), List.of("version"), Map.of());
    assertThat(version.exitCode)
        .as("`docker compose` (v2) is needed: scripts/install-compose.sh installs it (scripts/test.sh runs it); it said: " + version.output)
        .isZero();
  }

  /**
   * Asserts that {@code docker compose config} of {@code originals} and of Sentinel's export {@code
   * exported} (written as {@code exportName} in {@code dir}) mean the same, after {@link
   * ComposeConfigNormalizer}.
   */
  static void assertSameConfig(Path dir, List<Path> originals, String exported, String exportName, Map<String, String> variables)
      throws Exception {
    Files.writeString(dir.resolve(exportName), exported);
    List<String> originalArgs = new ArrayList<>();
    originals.forEach(f -> originalArgs.addAll(List.of("-f", dir.relativize(f.toAbsolutePath()).toString())));
    JsonNode expected = config(dir, originalArgs, variables);
    JsonNode actual = config(dir, List.of("-f", exportName), variables);
    assertThat(sorted(ComposeConfigNormalizer.normalize(actual)))
        .as("docker compose config of %s vs of the export", originals)
        .isEqualTo(sorted(ComposeConfigNormalizer.normalize(expected)));
  }

  /** Pretty JSON with keys sorted, so that a difference reads as a diff. */
  private static String sorted(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.treeToValue(node, Object.class));
  }

  private static JsonNode config(Path dir, List<String> files, Map<String, String> variables) throws Exception {
    List<String> args = new ArrayList<>(List.of("--profile", "*"));
    args.addAll(files);
    args.addAll(List.of("config", "--format", "json"));
    Result result = compose(dir, args, variables);
    assertThat(result.exitCode).as("docker compose %s said: %s", args, result.output).isZero();
    return JSON.readTree(result.output);
  }

  /** What a {@code docker} command said: standard output when it succeeded, else standard error and output. */
  record Result(int exitCode, String output) {}

  /** {@code docker compose <args>} in {@code dir}, with only PATH, HOME, DOCKER_* and {@code variables} in its environment. */
  static Result compose(Path dir, List<String> args, Map<String, String> variables) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("compose"));
    all.addAll(args);
    return docker(dir, all, variables);
  }

  /** {@code docker <args>} in {@code dir}, as {@link #compose}. */
  static Result docker(Path dir, List<String> args, Map<String, String> variables) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.startsWith("DOCKER_"));
    env.putAll(variables);
    Path stderr = Files.createTempFile("compose", ".err");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "docker " + String.join(" ", args) + " did not finish in 60 s");
    }
    String errors = Files.readString(stderr);
    Files.delete(stderr);
    return new Result(process.exitValue(), process.exitValue() == 0 ? output : errors + output);
  }
}
