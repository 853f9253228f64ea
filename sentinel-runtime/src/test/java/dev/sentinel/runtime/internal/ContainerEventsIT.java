package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The waits on a real engine's event stream, as filtered to what they read ({@code die},
 * {@code health_status}). The periodic re-check by inspection is set to an hour here, and each wait
 * registers before its container's first check or exit (3 s after the start): only an event from
 * the stream can end it. The 60 s bound only keeps a broken stream from hanging the build.
 */
class ContainerEventsIT {
  private final DockerClient docker = TestEngine.client();
  private final String stack = TestObjects.uniqueName("events");
  private final List<String> containers = new ArrayList<>();

  private ContainerEvents events() {
    return new ContainerEvents(TestEngine.client(), docker, stack, Duration.ofHours(1));
  }

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
  void aHealthyStatusEventFromTheEnginesFirstCheckEndsTheWait() throws Exception {
    try (ContainerEvents events = events()) {
      String id = started("healthy", new HealthCheck().withTest(List.of("CMD", "true")).withInterval(TimeUnit.SECONDS.toNanos(3)),
          "sleep", "120");
      events.healthy(id).get(60, TimeUnit.SECONDS);
      assertThat(docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus()).isEqualTo("healthy");
    }
  }

  @Test
  void aDieEventEndsTheWaitWithTheExitCode() throws Exception {
    try (ContainerEvents events = events()) {
      String id = started("exits", new HealthCheck().withTest(List.of("NONE")), "sh", "-c", "sleep 3; exit 3");
      assertThat(events.exited(id).get(60, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }

  @Test
  void anUnhealthyStatusEventFailsTheWait() throws Exception {
    try (ContainerEvents events = events()) {
      String id = started("unhealthy", new HealthCheck().withTest(List.of("CMD", "false")).withInterval(TimeUnit.SECONDS.toNanos(3))
          .withRetries(1), "sleep", "120");
      var wait = events.healthy(id);
      assertThat(wait).failsWithin(60, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("turned unhealthy");
    }
  }
}
