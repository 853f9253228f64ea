package dev.sentinel.compose;

import dev.sentinel.dsl.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  @TempDir Path workspace;

  static List<String> cases() {
    return ComposeCorpus.names();
  }

  @BeforeAll
  static void composeIsThere() throws Exception {
    ComposeCli.requireCompose();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void composeConfigOfTheExportEqualsThatOfTheOriginal(String name) throws Exception {
    ComposeCorpus.Case c = ComposeCorpus.copy(name, workspace);
    Stack stack = c.importer().importFiles(c.baseFiles()).stack();
    ComposeExporter exporter = ComposeExporter.create();

    ComposeCli.assertSameConfig(c.dir(), c.baseFiles(), exporter.compose(stack.base()), "sentinel-export.yml", ComposeCorpus.VARIABLES);
    for (Map.Entry<String, Path> env : c.environments().entrySet()) {
      List<Path> layered = new ArrayList<>(c.baseFiles());
      layered.add(env.getValue());
      ComposeCli.assertSameConfig(c.dir(), layered, exporter.compose(stack.resolve(env.getKey())),
          "sentinel-export." + env.getKey() + ".yml", ComposeCorpus.VARIABLES);
    }
  }
}
