package dev.sentinel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** How the plugin finds the project's stack, and what it says when it cannot. */
class StackLoaderTest {
  /** A valid definition. */
  public static final class Shop implements StackDefinition {
    @Override
    public Stack define() {
      return Stack.define("shop", s -> s.service("web", w -> w.image("web:1")));
    }
  }

  /** A definition whose stack is invalid. */
  public static final class Broken implements StackDefinition {
    @Override
    public Stack define() {
      return Stack.define("broken", s -> s.service("web", w -> w.image("web:1").network("missing")));
    }
  }

  private static Stack load(String definition) throws MojoExecutionException {
    try (StackLoader loader = new StackLoader(List.of())) {
      return loader.load(Optional.ofNullable(definition));
    }
  }

  @Test
  void aNamedDefinitionIsLoadedAndDefined() throws Exception {
    assertThat(load(Shop.class.getName()).name()).isEqualTo("shop");
  }

  @Test
  void aDefinitionThatIsNotOnTheClasspathIsNamed() {
    assertThatThrownBy(() -> load("com.example.Missing"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("sentinel: the definition com.example.Missing is not on the project's classpath");
  }

  @Test
  void aClassThatIsNotADefinitionIsRefused() {
    assertThatThrownBy(() -> load(String.class.getName()))
        .hasMessage("sentinel: java.lang.String does not implement dev.sentinel.dsl.StackDefinition");
  }

  @Test
  void anInvalidStackIsReportedWithItsProblems() {
    assertThatThrownBy(() -> load(Broken.class.getName()))
        .hasMessageStartingWith("sentinel: " + Broken.class.getName() + " does not define a valid stack:")
        .hasMessageContaining("missing");
  }

  @Test
  void withoutANameAndWithNoneListedItSaysHowToNameOne() {
    assertThatThrownBy(() -> load(null))
        .hasMessageStartingWith("sentinel: no StackDefinition found: set <definition> to the class, or list it in META-INF/services/");
  }

  @Test
  void theContextClassLoaderIsRestoredAfterwards() throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    load(Shop.class.getName());
    assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
  }
}
