package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** An instance {@code @Container}: every test gets a fresh stack. */
@Testcontainers
class FreshStackPerTestIT {
  private static final Set<String> SEEN = new HashSet<>();

  @Container SentinelStackContainer stack = WebStack.container();

  @RepeatedTest(2)
  void eachTestHasItsOwnStack() {
    assertThat(SEEN.add(stack.getStackName())).as("a new stack name per test").isTrue();
    assertThat(SEEN.add(stack.service("web").getContainerId())).as("a new container per test").isTrue();
  }
}
