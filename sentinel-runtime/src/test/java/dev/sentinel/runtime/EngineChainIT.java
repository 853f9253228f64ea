package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.sentinel.testing.Cleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves the chain the other ITs stand on: engine, test image, labelled objects, health checks. */
class EngineChainIT {
  private final DockerClient docker = TestEngine.client();
  private final Map<String, String> labels = TestObjects.labels(EngineChainIT.class);
  private final String network = TestObjects.uniqueName("net");
  private final String volume = TestObjects.uniqueName("vol");
  private final String container = TestObjects.uniqueName("ctr");

  @Test
  void pingReportsTheEngine() {
    try (Engine engine = Engine.at(TestEngine.address())) {
      EngineInfo info = engine.ping();
      assertThat(info.apiVersion()).matches("\\d+\\.\\d+");
      assertThat(info.operatingSystem()).isEqualTo("linux");
    }
  }

  @Test
  void labelledContainerOnANetworkWithAVolumeBecomesHealthy() throws Exception {
    docker.createNetworkCmd().withName(network).withLabels(labels).exec();
    docker.createVolumeCmd().withName(volume).withLabels(labels).exec();
    docker
        .createContainerCmd(TestImages.busybox())
        .withName(container)
        .withLabels(labels)
        .withCmd(
            "sh",
            "-c",
            "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && echo data > /data/f"
                + " && exec httpd -f -p 8080 -h /tmp/www")
        .withHealthcheck(
            new HealthCheck()
                .withTest(List.of("CMD", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/"))
                .withInterval(TimeUnit.MILLISECONDS.toNanos(200))
                .withTimeout(TimeUnit.SECONDS.toNanos(2))
                .withRetries(3))
        .withHostConfig(
            HostConfig.newHostConfig()
                .withNetworkMode(network)
                .withBinds(new Bind(volume, new Volume("/data"))))
        .exec();
    docker.startContainerCmd(container).exec();

    InspectContainerResponse inspected = waitForHealth(Duration.ofSeconds(30));

    assertThat(inspected.getState().getHealth().getStatus()).isEqualTo("healthy");
    assertThat(inspected.getNetworkSettings().getNetworks()).containsKey(network);
    assertThat(inspected.getConfig().getLabels()).containsAllEntriesOf(labels);
  }

  private InspectContainerResponse waitForHealth(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      InspectContainerResponse inspected = docker.inspectContainerCmd(container).exec();
      String status = inspected.getState().getHealth().getStatus();
      if (!"starting".equals(status) || Instant.now().isAfter(deadline)) {
        return inspected;
      }
      Thread.sleep(100);
    }
  }

  @AfterEach
  void removeEverything() {
    Cleanup.run(
        () -> docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec(),
        () -> docker.removeNetworkCmd(network).exec(),
        () -> docker.removeVolumeCmd(volume).exec());
  }
}
