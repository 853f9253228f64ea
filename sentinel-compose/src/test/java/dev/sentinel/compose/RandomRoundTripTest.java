package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random files ({@link RandomComposeFiles}) import strictly, export to themselves through a second
 * import, and give Java that compiles and defines the same stack.
 */
class RandomRoundTripTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void importExportImportIsStable(long seed) throws Exception {
    Path file = write(seed);
    ComposeImporter importer = ComposeImporter.create().withVariables(Map.of());
    String exported = ComposeExporter.create().compose(importer.importFiles(file).stack().base());
    Path again = Files.writeString(file.resolveSibling("export.yml"), exported);
    assertThat(ComposeExporter.create().compose(importer.importFiles(again).stack().base())).as(Files.readString(file)).isEqualTo(exported);
  }

  /** javac is slow: every fourth file is compiled. */
  static LongStream javaSeeds() {
    return seeds().filter(seed -> seed % 4 == 0);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("javaSeeds")
  void generatedJavaDefinesTheImportedStack(long seed) throws Exception {
    Path file = write(seed);
    ComposeImport imported = ComposeImporter.create().withVariables(Map.of()).withCredentialsAsSecrets().importFiles(file);
    String className = "random.Stack" + seed;
    Class<?> type = JavaSourceCompiler.compile(className, imported.toJava(className), dir.resolve("javac"));
    Stack defined = ((StackDefinition) type.getConstructor().newInstance()).define();
    assertThat(defined.base()).as(Files.readString(file)).isEqualTo(imported.stack().base());
  }

  private Path write(long seed) throws Exception {
    Path project = Files.createDirectories(dir.resolve("random" + seed));
    Files.writeString(project.resolve("secret.txt"), "not-a-secret\n");
    return Files.writeString(project.resolve("compose.yml"), RandomComposeFiles.generate(seed));
  }
}
