package dev.sentinel.compose;

import com.google.common.collect.ImmutableMap;
import dev.sentinel.dsl.Stack;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated source with {@code javax.tools} against Sentinel's DSL and loads the class. */
final class JavaSourceCompiler {
  private JavaSourceCompiler() {}

  /**
   * Compiles {@code source} (class {@code qualifiedName}) in {@code workDir} and returns the loaded class.
   *
   * @throws AssertionError with the compiler's diagnostics when it does not compile
   */
  static Class<?> compile(String qualifiedName, String source, Path workDir) throws IOException, ClassNotFoundException {
    Path src = workDir.resolve("src").resolve(qualifiedName.replace('.', '/') + ".java");
    Path out = workDir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(out);
    Files.writeString(src, source);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classpath = String.join(java.io.File.pathSeparator, location(Stack.class), location(ImmutableMap.class));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      boolean ok = compiler.getTask(null, files, diagnostics,
          List.of("-classpath", classpath, "-d", out.toString(), "-proc:none"), null,
          files.getJavaFileObjects(src.toFile())).call();
      if (!ok) {
        throw new AssertionError("the generated source does not compile:\n"
            + diagnostics.getDiagnostics().stream().map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"))
            + "\n--- source ---\n" + source);
      }
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, JavaSourceCompiler.class.getClassLoader());
    return loader.loadClass(qualifiedName);
  }

  private static String location(Class<?> type) {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
  }
}
