package dev.sentinel.compose;

import dev.sentinel.dsl.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Beyond the corpus: random combinations of every accepted syntax form ({@link RandomComposeFiles}),
 * each judged by {@code docker compose config} like the corpus. Fixed seeds, so a failure replays;
 * its message holds the file.
 */
class RandomRoundTripIT {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  @BeforeAll
  static void composeIsThere() throws Exception {
    ComposeCli.requireCompose();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void composeConfigOfTheExportEqualsThatOfTheRandomFile(long seed) throws Exception {
    String yaml = RandomComposeFiles.generate(seed);
    Path project = Files.createDirectories(dir.resolve("random" + seed));
    Files.writeString(project.resolve("secret.txt"), "not-a-secret\n");
    Path file = Files.writeString(project.resolve("compose.yml"), yaml);

    Stack stack = ComposeImporter.create().withVariables(Map.of()).importFiles(file).stack();

    ComposeCli.assertSameConfig(project, List.of(file), ComposeExporter.create().compose(stack.base()), "sentinel-export.yml", Map.of());
  }
}
