package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import org.junit.jupiter.api.Test;

/** Which environment a command runs when {@code --env} is not given. */
class DefaultEnvironmentCommandTest {
  /** A stack with no environments at all. */
  public static final class PlainStack implements StackDefinition {
    @Override
    public Stack define() {
      return Stack.define("plain", s -> s.service("web", w -> w.image("web:1").user(1000, 1000).hardened()));
    }
  }

  /** Environments, none of them development. */
  public static final class ProductionOnlyStack implements StackDefinition {
    @Override
    public Stack define() {
      return Stack.define("prod-only", s -> s.service("web", w -> w.image("web:1"))
          .environment("production", e -> e.service("web", w -> w.image("web:2"))));
    }
  }

  @Test
  void withoutEnvACommandRunsTheBaseOfAStackThatDefinesNoEnvironments() throws Exception {
    CliRun run = CliRun.of("--stack", PlainStack.class.getName(), "--json", "lint");
    assertThat(run.err()).doesNotContain("has no environment");
    assertThat(run.exitCode()).as(run.err()).isIn(SentinelCli.OK, SentinelCli.FAILED);
    assertThat(run.json().isObject()).isTrue();
  }

  @Test
  void withoutEnvAStackWhoseEnvironmentsLackDevelopmentIsAUsageErrorNamingThem() {
    CliRun run = CliRun.of("--stack", ProductionOnlyStack.class.getName(), "lint");
    assertThat(run.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(run.err()).contains("has environments (production) but none named \"development\"");
  }

  @Test
  void anEnvThatTheStackDoesNotDefineIsAUsageError() {
    CliRun run = CliRun.of("--stack", PlainStack.class.getName(), "--env", "development", "lint");
    assertThat(run.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(run.err()).contains("stack \"plain\" has no environment \"development\" (it has: none)");
  }
}
