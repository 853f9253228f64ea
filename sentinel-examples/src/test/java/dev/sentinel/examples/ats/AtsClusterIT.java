package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.SwarmTarget;
import dev.sentinel.runtime.internal.Images;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.SwarmCluster;
import dev.sentinel.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATS production environment, Sentinel's first user, on a real three-node Swarm ({@link
 * SwarmCluster}: three managers, zones a, b and c): every service running and healthy, the three
 * agents spread one per zone by the definition's placement preference, and all three heartbeating
 * through Redis on whichever node it runs (the orchestrator counts them: traffic across the overlay).
 * The images are built on this machine's engine and loaded into the nodes.
 */
class AtsClusterIT {
  static {
    System.setProperty(AtsStack.IMAGES_PROPERTY, "images");
  }

  private static SwarmCluster cluster;
  private static double loadSeconds;

  @TempDir static Path state;

  @BeforeAll
  static void startTheClusterWithTheAtsImages() {
    cluster = SwarmCluster.start("ats-cluster", 3, 3);
    List<String> zones = List.of("a", "b", "c");
    for (int i = 0; i < 3; i++) {
      cluster.label(i, Map.of("zone", zones.get(i)));
    }
    StackSpec spec = production();
    DockerClient local = TestEngine.client();
    Set<String> images = new TreeSet<>();
    for (Service s : spec.enabledServices(Set.of()).values()) {
      Images.ensure(local, spec.name(), s, line -> {}, () -> {});
      images.add(Images.reference(spec.name(), s));
    }
    long t0 = System.nanoTime();
    cluster.load(images.toArray(String[]::new));
    loadSeconds = (System.nanoTime() - t0) / 1e9;
    for (SwarmCluster.Node n : cluster.nodes()) {
      for (String image : images) {
        assertThat(Images.localId(n.client(), image)).as(image + " on " + n.container()).isEqualTo(Images.localId(local, image));
      }
    }
  }

  @AfterAll
  static void removeTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static StackSpec production() {
    return new AtsStack().define().resolve("production");
  }

  @Test
  void theProductionEnvironmentRunsHealthyWithTheAgentsSpreadOverTheZonesAndHeartbeatingAcrossTheNodes() throws Exception {
    StackSpec spec = production();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withServiceTimeout(Duration.ofMinutes(3))
        .withApplyTimeout(Duration.ofMinutes(6));
    try (Engine engine = cluster.engine(0)) {
      SwarmTarget swarm = SwarmTarget.on(engine).withDnsRoundRobin();
      long t0 = System.nanoTime();
      swarm.apply(spec, options);
      double upSeconds = (System.nanoTime() - t0) / 1e9;
      try {
        StackStatus status = swarm.status(spec.name());
        assertThat(status.allReady()).as(status.toText()).isTrue();
        List<ContainerStatus> agents = status.containers("agent");
        // A Swarm reports a health-checked task as running only once it was healthy; the health itself is
        // readable only on the node that runs it (the manager's engine inspects its own containers).
        assertThat(agents).hasSize(3).allSatisfy(a -> assertThat(a.state()).isEqualTo("running"))
            .allSatisfy(a -> assertThat(a.health().orElse("healthy")).isEqualTo("healthy"));
        assertThat(agents.stream().map(a -> a.node().orElse("?")).distinct()).as("one agent per zone, so per node").hasSize(3);

        ContainerStatus orchestrator = status.containers("orchestrator").get(0);
        DockerClient node = nodeRunning(orchestrator);
        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!metrics.contains("ats_agents_alive 3") && System.nanoTime() < deadline) {
          metrics = Exec.run(node, orchestrator.id(), "", "bash", "-c",
              "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /metrics HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3");
          Thread.sleep(500);
        }
        assertThat(metrics).contains("ats_redis_up 1").contains("ats_agents_alive 3");
        System.out.printf("[ats-cluster] 3 nodes (3 managers); images loaded into every node in %.1f s; production up (in process) in %.1f s;"
                + " agents on %s; the orchestrator counts 3 live agents%n", loadSeconds, upSeconds,
            agents.stream().map(a -> a.node().orElse("?")).sorted().toList());
      } finally {
        swarm.down(spec, DownOptions.removeVolumesToo(), options);
      }
      assertThat(cluster.manager().listServicesCmd().withLabelFilter(Map.of("dev.sentinel.stack", spec.name())).exec()).isEmpty();
    }
  }

  /** The client of the node whose host name the task reports. */
  private static DockerClient nodeRunning(ContainerStatus task) {
    List<String> names = new ArrayList<>();
    for (SwarmCluster.Node n : cluster.nodes()) {
      names.add(n.container());
      if (task.node().orElse("").equals(n.container())) {
        return n.client();
      }
    }
    throw new AssertionError(task.name() + " runs on " + task.node() + ", none of " + names);
  }
}
