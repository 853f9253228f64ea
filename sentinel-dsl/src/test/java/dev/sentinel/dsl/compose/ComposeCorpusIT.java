package dev.sentinel.dsl.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semantic round trip, judged by Docker Compose v2 itself: for every corpus case, {@code docker
 * compose config} of the original files and of Sentinel's export of the import are equal (after
 * {@link ComposeConfigNormalizer}'s equivalences), in the base and in every environment.
 */
class ComposeCorpusIT {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @TempDir Path workspace;

  static List<String> cases() {
    return ComposeCorpus.names();
  }

  @BeforeAll
  static void composeIsThere() throws Exception {
    Result version = compose(Path.of("."), List.of("version"));
    assertThat(version.exitCode)
        .as("`docker compose` (v2) is needed: ../shared/tools/install-compose-v2.sh installs it (scripts/test.sh runs it); it said: " + version.output)
        .isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void composeConfigOfTheExportEqualsThatOfTheOriginal(String name) throws Exception {
    ComposeCorpus.Case c = ComposeCorpus.copy(name, workspace);
    Stack stack = c.importer().importFiles(c.baseFiles()).stack();

    assertSameConfig(c, c.baseFiles(), stack.base(), "sentinel-export.yml");
    for (Map.Entry<String, Path> env : c.environments().entrySet()) {
      List<Path> layered = new ArrayList<>(c.baseFiles());
      layered.add(env.getValue());
      assertSameConfig(c, layered, stack.resolve(env.getKey()), "sentinel-export." + env.getKey() + ".yml");
    }
  }

  private static void assertSameConfig(ComposeCorpus.Case c, List<Path> originals, StackSpec imported, String exportName) throws Exception {
    Files.writeString(c.dir().resolve(exportName), ComposeExporter.create().compose(imported));
    List<String> originalArgs = new ArrayList<>();
    originals.forEach(f -> originalArgs.addAll(List.of("-f", f.getFileName().toString())));
    JsonNode expected = config(c.dir(), originalArgs);
    JsonNode actual = config(c.dir(), List.of("-f", exportName));
    assertThat(sorted(ComposeConfigNormalizer.normalize(actual)))
        .as("docker compose config of %s vs of the export", originals)
        .isEqualTo(sorted(ComposeConfigNormalizer.normalize(expected)));
  }

  /** Pretty JSON with keys sorted, so that a difference reads as a diff. */
  private static String sorted(JsonNode node) throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.treeToValue(node, Object.class));
  }

  private static JsonNode config(Path dir, List<String> files) throws Exception {
    List<String> args = new ArrayList<>(List.of("--profile", "*"));
    args.addAll(files);
    args.addAll(List.of("config", "--format", "json"));
    Result result = compose(dir, args);
    assertThat(result.exitCode).as("docker compose %s said: %s", args, result.output).isZero();
    return JSON.readTree(result.output);
  }

  private record Result(int exitCode, String output) {}

  private static Result compose(Path dir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker", "compose"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME") && !k.startsWith("DOCKER_"));
    env.putAll(ComposeCorpus.VARIABLES);
    Path stderr = Files.createTempFile("compose", ".err");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "docker compose did not finish in 60 s");
    }
    String errors = Files.readString(stderr);
    Files.delete(stderr);
    return new Result(process.exitValue(), process.exitValue() == 0 ? output : errors + output);
  }
}
