package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.compose.ComposeImport;
import dev.sentinel.compose.ComposeImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first real user's stack, as a team that had it as Compose would bring it over: every
 * environment's export imports strictly, exports to the same file again, and gives Java source.
 */
class AtsComposeRoundTripTest {
  private final Stack stack = new AtsStack().define();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void theExportImportsBackToTheSameFile(String env) throws Exception {
    String exported = ComposeExporter.create().compose(stack.resolve(env));
    Path file = Files.writeString(dir.resolve("docker-compose.yml"), exported);

    ComposeImport imported = ComposeImporter.create().withVariables(Map.of()).importFiles(file);

    assertThat(ComposeExporter.create().compose(imported.stack().base())).isEqualTo(exported);
    assertThat(imported.warnings()).isEmpty();
    assertThat(imported.toJava("com.example.AtsFromCompose")).contains("public final class AtsFromCompose implements StackDefinition");
  }
}
