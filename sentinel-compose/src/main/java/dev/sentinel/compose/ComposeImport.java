package dev.sentinel.compose;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.io.AtomicFiles;
import dev.sentinel.dsl.policy.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The result of a Compose import: the stack, the warnings, and the same definition as Java source
 * that uses the public DSL (one call per concept), so a team can move from its Compose files to a
 * typed definition and keep it in version control.
 *
 * <pre>{@code
 * ComposeImport imported = ComposeImporter.create().withCredentialsAsSecrets().importFiles(compose);
 * imported.writeJava("com.example.ShopStack", Path.of("src/main/java"));
 * }</pre>
 */
public final class ComposeImport {
  private static final Pattern QUALIFIED = Pattern.compile("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)*[A-Z][a-zA-Z0-9_$]*");

  private final Stack stack;
  private final List<ImportNote> warnings;
  private final List<DslCall> calls;
  private final List<String> sources;
  private final boolean credentialsAsSecrets;
  private final List<String> headerComments;

  ComposeImport(Stack stack, List<ImportNote> warnings, List<DslCall> calls, List<String> sources, boolean credentialsAsSecrets,
      List<String> headerComments) {
    this.headerComments = ImmutableList.copyOf(headerComments);
    this.stack = stack;
    this.warnings = ImmutableList.copyOf(warnings);
    this.calls = ImmutableList.copyOf(calls);
    this.sources = ImmutableList.copyOf(sources);
    this.credentialsAsSecrets = credentialsAsSecrets;
  }

  /** The imported stack, validated in the base and in every environment. */
  public Stack stack() {
    return stack;
  }

  /** What the import changed or dropped, with file, line and path. */
  public List<ImportNote> warnings() {
    return warnings;
  }

  /**
   * A {@link StackDefinition} class defining this stack with the DSL. Compiled and defined, it
   * resolves to the same model as {@link #stack()} in the base and in every environment.
   *
   * @param qualifiedClassName e.g. {@code com.example.ShopStack}
   * @throws IllegalArgumentException when the name is not a valid class name
   * @throws IllegalStateException when the stack holds literal credentials (import with {@link
   *     ComposeImporter#withCredentialsAsSecrets()})
   */
  public String toJava(String qualifiedClassName) {
    return javaFile(qualifiedClassName).toString();
  }

  /**
   * Writes {@link #toJava} under {@code sourceRoot} (e.g. {@code src/main/java}) in its package's
   * directory, atomically.
   *
   * @return the file written
   * @throws FileAlreadyExistsException when the file exists and {@code overwrite} is false
   */
  public Path writeJava(String qualifiedClassName, Path sourceRoot, boolean overwrite) throws IOException {
    JavaFile file = javaFile(qualifiedClassName);
    Path dir = file.packageName.isEmpty() ? sourceRoot : sourceRoot.resolve(file.packageName.replace('.', '/'));
    Path target = dir.resolve(file.typeSpec.name + ".java");
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists; pass overwrite to replace it");
    }
    Files.createDirectories(dir);
    AtomicFiles.write(target, file.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.permissions(0644));
    return target;
  }

  private JavaFile javaFile(String qualifiedClassName) {
    checkArgument(QUALIFIED.matcher(qualifiedClassName).matches() && List.of(qualifiedClassName.split("\\.")).stream().allMatch(SourceVersion::isName),
        "\"%s\" is not a fully qualified class name (e.g. com.example.ShopStack)", qualifiedClassName);
    List<String> credentials = literalCredentials();
    checkState(credentials.isEmpty(),
        "the stack holds literal credentials (%s); import with withCredentialsAsSecrets() to generate Java", String.join(", ", credentials));
    int dot = qualifiedClassName.lastIndexOf('.');
    String packageName = dot < 0 ? "" : qualifiedClassName.substring(0, dot);
    String simpleName = qualifiedClassName.substring(dot + 1);
    MethodSpec define = MethodSpec.methodBuilder("define")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Stack.class)
        .addStatement("return $T.define($S, $L)", Stack.class, stack.name(), DslCall.configurer(new DslCall.Configurer("s", calls), false))
        .build();
    TypeSpec.Builder type = TypeSpec.classBuilder(simpleName)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(StackDefinition.class)
        .addJavadoc("The {@code $L} stack, imported from $L by Sentinel.\n", stack.name(), javadocText(String.join(", ", sources)));
    if (!headerComments.isEmpty()) {
      type.addJavadoc("\n<pre>\n");
      // Javadoc is HTML: the file's own words are kept, its markup characters escaped.
      headerComments.forEach(line -> type.addJavadoc("$L\n", javadocText(line)));
      type.addJavadoc("</pre>\n");
    }
    if (!warnings.isEmpty()) {
      // What the import changed or dropped stays visible where the definition now lives.
      type.addJavadoc("\n<p>Import notes:\n<ul>\n");
      warnings.forEach(w -> type.addJavadoc("  <li>$L\n", javadocText(w.toString())));
      type.addJavadoc("</ul>\n");
    }
    type
        .addJavadoc("\n<p>List this class in {@code META-INF/services/$L} for the {@code sentinel} CLI to find it.\n",
            StackDefinition.class.getName())
        .addMethod(define);
    return JavaFile.builder(packageName, type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  /** Text made safe for Javadoc: HTML escaped, no comment end, no tags, no unicode escapes. */
  private static String javadocText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*/", "*&#47;").replace("@", "&#64;")
        .replace("\\u", "\\ u");
  }

  private List<String> literalCredentials() {
    if (credentialsAsSecrets) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    List<StackSpec> specs = new ArrayList<>(List.of(stack.base()));
    stack.environments().keySet().forEach(env -> specs.add(stack.resolve(env)));
    for (StackSpec spec : specs) {
      spec.services().values().forEach(s -> s.environment().variables().forEach((k, v) -> {
        String where = "services." + s.name() + ".environment." + k;
        if (v instanceof EnvValue.Literal l && Credentials.isLiteralCredential(k, l.value()) && !found.contains(where)) {
          found.add(where);
        }
      }));
    }
    return found;
  }
}
