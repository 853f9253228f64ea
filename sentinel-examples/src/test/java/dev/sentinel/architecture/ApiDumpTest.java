package dev.sentinel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public API of each library module, dumped (every public type outside {@code ..internal..},
 * with its public and protected members) and compared with the dump committed in {@code
 * <module>/api/<module>.api}. A change to the API is then a decision, visible in review, not an
 * accident: after an intended change, rerun with {@code -Dsentinel.api.write=true} and commit the
 * dump with the change.
 */
class ApiDumpTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"dsl", "compose", "runtime", "backup", "report", "testcontainers"})
  void thePublicApiIsTheRecordedOne(String module) throws IOException {
    String actual = dump("dev.sentinel." + module);
    Path file = ROOT.resolve("sentinel-" + module).resolve("api").resolve("sentinel-" + module + ".api");
    if (Boolean.getBoolean("sentinel.api.write")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
    }
    assertThat(file).as("the API dump of sentinel-%s", module).exists();
    assertThat(actual)
        .as("the public API of sentinel-%s differs from %s; if intended, rerun with -Dsentinel.api.write=true and commit the dump",
            module, ROOT.relativize(file))
        .isEqualTo(Files.readString(file));
  }

  private static String dump(String packagePrefix) {
    TreeMap<String, List<String>> types = new TreeMap<>();
    for (JavaClass c : ArchitectureTest.SENTINEL) {
      String pkg = c.getPackageName();
      boolean inModule = pkg.equals(packagePrefix) || pkg.startsWith(packagePrefix + ".");
      if (!inModule || pkg.contains(".internal") || !isVisible(c)) {
        continue;
      }
      Class<?> type = c.reflect();
      List<String> members = new ArrayList<>();
      Stream.of(type.getDeclaredConstructors()).filter(ApiDumpTest::isApi).map(Constructor::toGenericString).forEach(members::add);
      Stream.of(type.getDeclaredMethods()).filter(m -> isApi(m) && !m.isSynthetic() && !m.isBridge())
          .map(Method::toGenericString).forEach(members::add);
      Stream.of(type.getDeclaredFields()).filter(f -> isApi(f) && !f.isSynthetic()).map(Field::toGenericString).forEach(members::add);
      members.sort(null);
      types.put(type.toGenericString(), members);
    }
    StringBuilder out = new StringBuilder();
    types.forEach((type, members) -> {
      out.append(type).append('\n');
      members.forEach(m -> out.append("  ").append(m).append('\n'));
    });
    return out.toString();
  }

  /** Public, and every enclosing type public too. */
  private static boolean isVisible(JavaClass c) {
    for (JavaClass t = c; t != null; t = t.getEnclosingClass().orElse(null)) {
      if (!t.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isLocalClass();
  }

  private static boolean isApi(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()) && !Modifier.isFinal(m.getDeclaringClass().getModifiers());
  }
}
