package dev.sentinel.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
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
    org.assertj.core.api.Assertions.assertThat(SENTINEL.stream().map(c -> c.getPackageName()))
        .anyMatch(p -> p.startsWith("dev.sentinel.dsl"))
        .anyMatch(p -> p.startsWith("dev.sentinel.runtime"));
  }

  @Test
  void theDslDependsOnNoDockerClient() {
    noClasses().that().resideInAPackage("dev.sentinel.dsl..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "com.github.dockerjava..", "org.testcontainers..", "dev.sentinel.runtime..", "dev.sentinel.backup..")
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

  @Test
  void theRuntimesPublicApiSpeaksTheModelNotDockerJava() {
    DescribedPredicate<JavaClass> dockerJava = resideInAPackage("com.github.dockerjava..");
    methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideInAPackage("dev.sentinel.runtime")
        .should(new ArchCondition<JavaMethod>("not mention docker-java types") {
          @Override
          public void check(JavaMethod method, ConditionEvents events) {
            boolean leaks = dockerJava.test(method.getRawReturnType())
                || method.getRawParameterTypes().stream().anyMatch(dockerJava::test);
            if (leaks) {
              events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes a docker-java type"));
            }
          }
        })
        .check(SENTINEL);
  }

  @Test
  void dockerJavaStaysInTheRuntimesInternals() {
    noClasses().that().resideOutsideOfPackages("dev.sentinel.runtime..", "dev.sentinel.backup..", "dev.sentinel.testcontainers..")
        .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
        .check(SENTINEL);
  }

  /**
   * A module's {@code ..internal..} packages are its own. The exceptions that exist today are listed
   * by name (backup and testcontainers reach the engine through {@code runtime.internal.EngineClients},
   * the runtime writes files with {@code dsl.internal.AtomicFiles}); they are debts to pay with a
   * narrow public type, and no other may be added.
   */
  @Test
  void nothingOutsideAModuleUsesItsInternalsButTheListedDebts() {
    java.util.Set<String> debts = java.util.Set.of(
        "dev.sentinel.runtime.internal.EngineClients", "dev.sentinel.dsl.internal.AtomicFiles");
    noClasses().should(new ArchCondition<JavaClass>("depend on another module's internals") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String own = module(origin.getPackageName());
        origin.getDirectDependenciesFromSelf().forEach(d -> {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          String pkg = target.getPackageName();
          if (pkg.startsWith("dev.sentinel.") && pkg.contains(".internal") && !module(pkg).equals(own)
              && !debts.contains(target.getName())) {
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
