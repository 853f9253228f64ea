package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import names DSL builder methods as strings ({@code DslCall.of("externalLink", …)}): a
 * misspelt or renamed one would fail only when a Compose file uses that attribute. This reads every
 * method name written in the import's source and checks that a public DSL builder has it.
 */
class DslCallNamesTest {
  /** {@code DslCall.of(} and its first argument: a literal, or a ternary choosing between literals. */
  private static final Pattern CALL = Pattern.compile("DslCall\\.of\\(([^,()]*(?:\\([^()]*\\)[^,()]*)*)[,)]");
  private static final Pattern CHOSEN_LITERAL = Pattern.compile("(?:^|[?:])\\s*\"(\\w+)\"");

  @Test
  void everyBuilderMethodTheImportNamesExistsOnAPublicDslBuilder() throws IOException {
    Set<String> builderMethods = publicBuilderMethods();
    assertThat(builderMethods).contains("externalLink", "image", "healthCheck");

    TreeMap<String, String> named = new TreeMap<>(); // method name -> where
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java/dev/sentinel/compose"))) {
      for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher call = CALL.matcher(text);
        while (call.find()) {
          Matcher literal = CHOSEN_LITERAL.matcher(call.group(1).strip());
          while (literal.find()) {
            named.putIfAbsent(literal.group(1), file.getFileName() + ":" + (text.substring(0, call.start()).lines().count()));
          }
        }
      }
    }
    assertThat(named).as("method names found in DslCall.of(...)").hasSizeGreaterThan(90)
        .containsKeys("postStart", "preStop", "mountVolumeReadOnly", "cpuReservation");
    TreeMap<String, String> missing = new TreeMap<>(named);
    missing.keySet().removeAll(builderMethods);
    assertThat(missing).as("DslCall method names no public DSL builder has (name=file:line)").isEmpty();
  }

  private static Set<String> publicBuilderMethods() throws IOException {
    Set<String> names = new TreeSet<>();
    Deque<Class<?>> types = new ArrayDeque<>();
    ClassPath.from(DslCallNamesTest.class.getClassLoader()).getTopLevelClassesRecursive("dev.sentinel.dsl")
        .forEach(info -> types.add(info.load()));
    while (!types.isEmpty()) {
      Class<?> type = types.pop();
      types.addAll(java.util.List.of(type.getDeclaredClasses()));
      if (Modifier.isPublic(type.getModifiers()) && type.getSimpleName().endsWith("Builder")) {
        for (Method m : type.getMethods()) {
          names.add(m.getName());
        }
      }
    }
    return names;
  }
}
