package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kept inspections against a real engine's event stream: its stamps on this host's clock, its types
 * and attributes as {@link FollowedInspections} reads them. The engine's reads are held up by 1.5 s
 * here, so that a kept inspection answers whenever the rules allow one (on a fast engine the reads
 * would often answer first and hide a stale one). The container's health probe every 100 ms keeps
 * events coming.
 */
class FollowedInspectionsIT {
  private static final long HELD_MILLIS = 1500;

  private final DockerClient docker = TestEngine.client();
  private final String name = TestObjects.uniqueName("followed");
  private String id;

  @BeforeEach
  void probedContainer() {
    id = docker.createContainerCmd(TestImages.busybox()).withName(name).withCmd("sleep", "3600")
        .withLabels(TestObjects.labels(FollowedInspectionsIT.class))
        .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "true")).withInterval(TimeUnit.MILLISECONDS.toNanos(100)))
        .exec().getId();
    docker.startContainerCmd(id).exec();
    docker.createNetworkCmd().withName(name).withLabels(TestObjects.labels(FollowedInspectionsIT.class)).exec();
  }

  @AfterEach
  void remove() {
    docker.removeContainerCmd(id).withForce(true).exec();
    docker.removeNetworkCmd(name).exec();
  }

  private static Function<String, Optional<JsonNode>> heldUp(Function<String, Optional<JsonNode>> read) {
    return container -> {
      try {
        Thread.sleep(HELD_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return read.apply(container);
    };
  }

  @Test
  void aKeptInspectionAnswersWhileNothingChangesAndUpdateConnectAndStopAreEachReadFromTheEngine() throws Exception {
    try (FollowedEngines.Following following = FollowedEngines.follow(TestEngine.address(), FollowedInspectionsIT::heldUp)) {
      FollowedInspections inspections = following.inspections();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (inspections.keptAnswers() == 0) {
        assertThat(System.nanoTime()).as("a kept inspection answered within 30 s").isLessThan(deadline);
        assertThat(inspections.of(List.of(id))).containsOnlyKeys(id);
      }

      docker.updateContainerCmd(id).withMemory(96L * 1024 * 1024).withMemorySwap(192L * 1024 * 1024).exec();
      long kept = inspections.keptAnswers();
      assertThat(inspections.of(List.of(id)).get(id).path("HostConfig").path("Memory").asLong()).isEqualTo(96L * 1024 * 1024);
      assertThat(inspections.keptAnswers()).as("answers kept after the update").isEqualTo(kept);

      docker.connectToNetworkCmd().withNetworkId(name).withContainerId(id).exec();
      assertThat(fieldNames(inspections.of(List.of(id)).get(id).path("NetworkSettings").path("Networks"))).contains(name);

      docker.stopContainerCmd(id).withTimeout(1).exec();
      assertThat(inspections.of(List.of(id)).get(id).path("State").path("Status").asText()).isEqualTo("exited");
      assertThat(inspections.keptAnswers()).as("answers kept after the update, connect and stop").isEqualTo(kept);
    }
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
