package dev.sentinel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which spec a tool runs when it is not told an environment ({@link Stack#resolveOrDefault}). */
class DefaultEnvironmentTest {
  @Test
  void aStackWithoutEnvironmentsRunsItsBase() {
    Stack stack = Stack.define("plain", s -> s.service("web", w -> w.image("web:1")));
    StackSpec spec = stack.resolveOrDefault(Optional.empty());
    assertThat(spec.environment()).isEmpty();
    assertThat(spec.service("web").imageSource().image().map(ImageRef::toString)).contains("web:1");
  }

  @Test
  void aStackWithEnvironmentsRunsDevelopmentWhenNoneIsNamed() {
    Stack stack = Stack.define("shop", s -> s.service("web", w -> w.image("web:1"))
        .environment("development", e -> e.service("web", w -> w.image("web:dev")))
        .environment("production", e -> e.service("web", w -> w.image("web:2"))));
    assertThat(stack.resolveOrDefault(Optional.empty()).service("web").imageSource().image().map(ImageRef::toString)).contains("web:dev");
    assertThat(stack.resolveOrDefault(Optional.of("production")).service("web").imageSource().image().map(ImageRef::toString)).contains("web:2");
  }

  @Test
  void environmentsWithoutDevelopmentMustBeNamed() {
    Stack stack = Stack.define("shop", s -> s.service("web", w -> w.image("web:1"))
        .environment("production", e -> e.service("web", w -> w.image("web:2"))));
    assertThatThrownBy(() -> stack.resolveOrDefault(Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stack \"shop\" has environments (production) but none named \"development\": name the one to use");
  }

  @Test
  void aNamedEnvironmentThatDoesNotExistIsRefusedWithTheKnownOnes() {
    Stack stack = Stack.define("plain", s -> s.service("web", w -> w.image("web:1")));
    assertThatThrownBy(() -> stack.resolveOrDefault(Optional.of("staging")))
        .hasMessage("stack \"plain\" has no environment \"staging\" (it has: none)");
  }
}
