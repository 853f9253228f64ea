package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    List<String> lines = new CopyOnWriteArrayList<>();
    SentinelStackContainer broken = WebStack.container()
        .withOverride(s -> s.service("backend", b -> b.command("sh", "-c", "echo backend-says-hello; exec sleep 3600")
            .healthCheck(h -> h.shell("echo backend-check-failed; exit 1").every("200ms").retries(2))))
        .withLogConsumer((container, line) -> lines.add(line));
    Throwable thrown = catchThrowable(broken::start);
    assertThat(thrown)
        .isInstanceOf(ContainerLaunchException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("service \"backend\" did not become healthy")
        .hasMessageContaining("state: running (unhealthy)")
        .hasMessageContaining("backend-check-failed")
        .hasMessageContaining("not started (a dependency failed): web");
    String name = StackObjects.namedIn(thrown);
    assertThat(name).startsWith("web-");
    assertThat(StackObjects.of(name)).isEmpty();
    assertThat(lines).as("logs of a failed start reach the consumers").contains("backend-says-hello");
  }
}
