package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waits on a real engine's event stream, as filtered to what they read ({@code die},
 * {@code health_status}). Each answer is expected well within the 10 s re-check that would
 * otherwise hide a stream that never delivers the event.
 */
class ContainerEventsIT {
  private final DockerClient docker = TestEngine.client();
  private final String stack = TestObjects.uniqueName("events");
  private final List<String> containers = new ArrayList<>();

  @AfterEach
  void remove() {
    containers.forEach(id -> docker.removeContainerCmd(id).withForce(true).exec());
  }

  private String started(String name, HealthCheck check, String... command) {
    Map<String, String> labels = new HashMap<>(TestObjects.labels(ContainerEventsIT.class));
    labels.put(Labels.STACK, stack);
    String id = docker.createContainerCmd(TestImages.busybox()).withName(stack + "-" + name).withCmd(command)
        .withLabels(labels).withHealthcheck(check).exec().getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    return id;
  }

  @Test
  void aHealthyStatusFromTheEnginesFirstCheckEndsTheWaitWithinSeconds() throws Exception {
    try (ContainerEvents events = new ContainerEvents(TestEngine.client(), docker, stack)) {
      // Interval 2 s: the wait registers well before the engine's first check.
      String id = started("healthy", new HealthCheck().withTest(List.of("CMD", "true")).withInterval(TimeUnit.SECONDS.toNanos(2)),
          "sleep", "60");
      events.healthy(id).get(6, TimeUnit.SECONDS);
      assertThat(docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus()).isEqualTo("healthy");
    }
  }

  @Test
  void anExitEndsTheWaitWithTheExitCodeWithinSeconds() throws Exception {
    try (ContainerEvents events = new ContainerEvents(TestEngine.client(), docker, stack)) {
      String id = started("exits", new HealthCheck().withTest(List.of("NONE")), "sh", "-c", "sleep 2; exit 3");
      assertThat(events.exited(id).get(6, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }

  @Test
  void anUnhealthyStatusFailsTheWaitWithinSeconds() throws Exception {
    try (ContainerEvents events = new ContainerEvents(TestEngine.client(), docker, stack)) {
      String id = started("unhealthy", new HealthCheck().withTest(List.of("CMD", "false")).withInterval(TimeUnit.SECONDS.toNanos(1))
          .withRetries(1), "sleep", "60");
      var wait = events.healthy(id);
      assertThat(wait).failsWithin(6, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("turned unhealthy");
    }
  }
}
