package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;

/** Start, stop and failure without the JUnit extension. */
class LifecycleIT {
  @Test
  void startIsIdempotentAndStopRemovesEverythingVolumesIncluded() {
    String name;
    try (SentinelStackContainer stack = WebStack.container()) {
      stack.start();
      String id = stack.service("web").getContainerId();
      stack.start();
      assertThat(stack.service("web").getContainerId()).isEqualTo(id);
      name = stack.getStackName();
      assertThat(StackObjects.of(name)).contains("volume " + name + "_content");
    }
    assertThat(StackObjects.of(name)).isEmpty();
  }

  @Test
  void aServiceThatNeverGetsHealthyFailsReadablyAndLeavesNothing() {
    SentinelStackContainer broken = WebStack.container()
        .withOverride(s -> s.service("backend", b -> b.healthCheck(h -> h.shell("echo backend-check-failed; exit 1").every("200ms").retries(2))));
    Throwable thrown = catchThrowable(broken::start);
    assertThat(thrown)
        .isInstanceOf(ContainerLaunchException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("service \"backend\" did not become healthy")
        .hasMessageContaining("state: running (unhealthy)")
        .hasMessageContaining("backend-check-failed")
        .hasMessageContaining("not started (a dependency failed): web");
    String message = thrown.getMessage();
    String name = message.substring(message.indexOf('"') + 1, message.indexOf('"', message.indexOf('"') + 1));
    assertThat(name).startsWith("web-");
    assertThat(StackObjects.of(name)).isEmpty();
  }
}
