package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs at the same time as its twin (classes run concurrently here) with the same definition. */
@Testcontainers
class ParallelOneIT {
  @Container static SentinelStackContainer stack = WebStack.container();

  @Test
  void runsBesideTheSameDefinition() {
    assertThat(stack.status().allReady()).isTrue();
    assertThat(stack.getStackName()).startsWith("web-");
  }
}
