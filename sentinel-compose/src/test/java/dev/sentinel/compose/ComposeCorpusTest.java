package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the corpus imports strictly, exports Compose that the official schema accepts, and
 * turns into Java that compiles and defines the very same stack. {@code ComposeCorpusIT} compares
 * the same cases with {@code docker compose config}.
 */
class ComposeCorpusTest {
  @TempDir Path workspace;

  static List<String> cases() {
    return ComposeCorpus.names();
  }

  @Test
  void theCorpusHasAtLeast25Stacks() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void importsStrictlyAndExportsSchemaValidCompose(String name) throws Exception {
    ComposeCorpus.Case c = ComposeCorpus.copy(name, workspace);
    Stack stack = c.importer().importFiles(c.baseFiles()).stack();

    assertThat(ComposeSchema.violations(ComposeExporter.create().compose(stack.base()))).isEmpty();
    for (String env : stack.environments().keySet()) {
      assertThat(ComposeSchema.violations(ComposeExporter.create().compose(stack.resolve(env)))).as(env).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatedJavaCompilesAndDefinesTheSameStack(String name) throws Exception {
    ComposeCorpus.Case c = ComposeCorpus.copy(name, workspace);
    ComposeImport imported = c.importer().withCredentialsAsSecrets().importFiles(c.baseFiles());
    String className = "corpus.Stack" + name.replaceAll("[^A-Za-z0-9]", "");
    String source = imported.toJava(className);

    Class<?> generated = JavaSourceCompiler.compile(className, source, workspace.resolve("java"));
    Stack defined = ((StackDefinition) generated.getConstructor().newInstance()).define();

    assertThat(defined.base()).as(source).isEqualTo(imported.stack().base());
    assertThat(defined.environments().keySet()).isEqualTo(imported.stack().environments().keySet());
    for (String env : defined.environments().keySet()) {
      assertThat(defined.resolve(env)).as(env).isEqualTo(imported.stack().resolve(env));
    }
  }
}
