package dev.sentinel.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module layering, checked over the production classes of every module on this classpath. */
class ArchitectureTest {
  static final JavaClasses SENTINEL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.sentinel");

  @Test
  void everyModuleIsOnTheClasspath() {
    // Guards the rules below against passing vacuously on an empty import.
    org.assertj.core.api.Assertions.assertThat(SENTINEL.stream().map(c -> module(c.getPackageName())).distinct())
        .contains("dsl", "compose", "runtime", "backup", "report", "testcontainers", "cli", "maven", "examples");
  }

  @Test
  void theDslHasNoDockerClientNoYamlAndNoCodeGeneration() {
    noClasses().that().resideInAPackage("dev.sentinel.dsl..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.github.dockerjava..", "org.testcontainers..", "org.yaml..", "com.squareup.javapoet..",
            "dev.sentinel.compose..", "dev.sentinel.runtime..", "dev.sentinel.backup..")
        .check(SENTINEL);
  }

  @Test
  void composeUsesOnlyTheDslsPublicApi() {
    noClasses().that().resideInAPackage("dev.sentinel.compose..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.github.dockerjava..", "dev.sentinel.runtime..", "dev.sentinel.backup..", "dev.sentinel.testcontainers..",
            "dev.sentinel.cli..", "dev.sentinel..internal..")
        .check(SENTINEL);
  }

  @Test
  void noCyclesBetweenModules() {
    slices().matching("dev.sentinel.(*)..").should().beFreeOfCycles().check(SENTINEL);
  }

  @Test
  void onlyTheCliWritesToTheConsole() {
    noClasses().that().resideOutsideOfPackage("dev.sentinel.cli..")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .check(SENTINEL);
  }

  /**
   * No public or protected member of a public API type (outside {@code ..internal..}) takes, returns
   * or exposes a docker-java type or an internal one, in any module: the engine's client and the
   * implementation are details a user never sees (and so can change).
   */
  @Test
  void noPublicApiHandsOutDockerJavaOrInternalTypes() {
    DescribedPredicate<JavaClass> hidden = resideInAnyPackage("com.github.dockerjava..", "dev.sentinel..internal..");
    classes().that().arePublic().and().resideOutsideOfPackage("dev.sentinel..internal..")
        .should(new ArchCondition<JavaClass>("not mention docker-java or internal types in their API") {
          @Override
          public void check(JavaClass type, ConditionEvents events) {
            for (JavaMember member : type.getMembers()) {
              boolean api = member.getModifiers().contains(JavaModifier.PUBLIC) || member.getModifiers().contains(JavaModifier.PROTECTED);
              if (api && leaks(member, hidden)) {
                events.add(SimpleConditionEvent.violated(member, member.getFullName() + " exposes a docker-java or internal type"));
              }
            }
          }
        })
        .check(SENTINEL);
  }

  private static boolean leaks(JavaMember member, DescribedPredicate<JavaClass> hidden) {
    if (member instanceof JavaField field) {
      return hidden.test(field.getRawType());
    }
    if (member instanceof JavaCodeUnit unit) {
      return hidden.test(unit.getRawReturnType()) || unit.getRawParameterTypes().stream().anyMatch(hidden::test);
    }
    return false;
  }

  /**
   * docker-java is used where Sentinel talks to the engine: the runtime, and the two adapters that
   * need the engine beyond a stack (backup's helper containers, Testcontainers' container states).
   */
  @Test
  void dockerJavaIsUsedOnlyByTheRuntimeAndItsTwoAdapters() {
    noClasses().that().resideOutsideOfPackages("dev.sentinel.runtime..", "dev.sentinel.backup..", "dev.sentinel.testcontainers..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(SENTINEL);
  }

  /**
   * A module's {@code ..internal..} packages are its own, with one door: {@code
   * runtime.internal.EngineClients} (an engine's docker-java clients, with its nested value types), open to the backup and
   * Testcontainers adapters only, like a qualified export. {@link dev.sentinel.runtime.Engine} itself
   * has no public method that hands the clients out.
   */
  @Test
  void nothingOutsideAModuleUsesItsInternalsButTheNamedDoor() {
    String door = "dev.sentinel.runtime.internal.EngineClients";
    java.util.Set<String> friends = java.util.Set.of("backup", "testcontainers");
    noClasses().should(new ArchCondition<JavaClass>("depend on another module's internals") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String own = module(origin.getPackageName());
        origin.getDirectDependenciesFromSelf().forEach(d -> {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          String pkg = target.getPackageName();
          boolean throughTheDoor = (target.getName().equals(door) || target.getName().startsWith(door + "$")) && friends.contains(own);
          if (pkg.startsWith("dev.sentinel.") && pkg.contains(".internal") && !module(pkg).equals(own) && !throughTheDoor) {
            events.add(SimpleConditionEvent.satisfied(origin, d.getDescription()));
          }
        });
      }
    }).check(SENTINEL);
  }

  /** The module a package belongs to: {@code dev.sentinel.<module>...}. */
  private static String module(String pkg) {
    String rest = pkg.substring("dev.sentinel.".length());
    return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
  }
}
