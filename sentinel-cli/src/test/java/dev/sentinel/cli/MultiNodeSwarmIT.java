package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.SwarmNode;
import dev.sentinel.runtime.SwarmTarget;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.SwarmCluster;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Swarm target on a real three-node Swarm ({@link SwarmCluster}: three managers, each a
 * container running its own dockerd), driven through the CLI over {@code tcp://} as an operator
 * would: a Compose file as it is, {@code up}, {@code status}, {@code health}, {@code plan} against
 * the first node; {@code backup} and {@code restore} against the nodes holding the volume; and what
 * happens when a node (a manager) is lost. The tests run in order on one cluster (a node is lost last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeSwarmIT {
  private static final String NAME = TestObjects.uniqueName("multi");
  private static final String HTTP_GET = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 8080 | grep -q 200";

  @TempDir static Path dir;

  private static SwarmCluster cluster;
  private static Path compose;

  @BeforeAll
  static void startTheClusterAndWriteTheStack() throws Exception {
    // Three managers: losing one (node 3, last) keeps the Raft quorum, as a production cluster is set up.
    cluster = SwarmCluster.start("multi", 3, 3);
    cluster.load(TestImages.busybox());
    // The third node runs the monitoring and holds the data (until it is lost).
    cluster.label(2, Map.of("tier", "monitoring", "data", "here", "zone", "c"));
    cluster.label(0, Map.of("entry", "here", "zone", "a"));
    cluster.label(1, Map.of("zone", "b"));
    Files.writeString(dir.resolve("token.txt"), "s3cret-token-for-every-node\n");
    compose = Files.writeString(dir.resolve("compose.yaml"), """
        name: %s
        services:
          web:
            image: %s
            command: ["sh", "-c", "mkdir -p /tmp/w && hostname > /tmp/w/index.html && echo serving on $$(hostname) && exec httpd -f -p 8080 -h /tmp/w"]
            user: "10001:10001"
            networks: [backend]
            volumes: ["cache:/cache"]
            secrets: [token]
            healthcheck:
              test: ["CMD-SHELL", "%s"]
              interval: 1s
              retries: 3
            deploy:
              replicas: 3
              endpoint_mode: dnsrr
              placement:
                preferences:
                  - spread: node.labels.zone
            stop_grace_period: 1s
          monitor:
            image: %s
            command: ["sleep", "3600"]
            networks: [backend]
            deploy:
              endpoint_mode: dnsrr
              placement:
                constraints: ["node.labels.tier==monitoring"]
            stop_grace_period: 1s
          db:
            image: %s
            command: ["sleep", "3600"]
            networks: [backend]
            volumes: ["data:/data"]
            deploy:
              endpoint_mode: dnsrr
              placement:
                constraints: ["node.labels.data==here"]
            stop_grace_period: 1s
          client:
            image: %s
            command: ["sleep", "3600"]
            networks: [backend]
            deploy:
              endpoint_mode: dnsrr
              placement:
                constraints: ["node.labels.entry==here"]
            stop_grace_period: 1s
        networks:
          backend: {}
        volumes:
          data: {}
          cache: {}
        secrets:
          token:
            file: ./token.txt
        """.formatted(NAME, TestImages.busybox(), HTTP_GET.replace("\\", "\\\\"), TestImages.busybox(), TestImages.busybox(), TestImages.busybox()));
  }

  @AfterAll
  static void removeTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CliRun sentinel(String... args) {
    List<String> all = new ArrayList<>(List.of("--host", cluster.node(0).engineAddress().toString(), "--target", "swarm",
        "--state-dir", dir.resolve("state").toString(), "-f", compose.toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** The CLI against node {@code node}'s engine over TCP (backup and restore act on one engine's volumes). */
  private static CliRun sentinelOn(int node, String... args) {
    List<String> all = new ArrayList<>(List.of("--host", cluster.node(node).engineAddress().toString(),
        "--state-dir", dir.resolve("state").toString(), "-f", compose.toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Each task's container, found on whichever node runs it: node index → container IDs of {@code service}. */
  private static Map<Integer, List<String>> containersOf(String service) {
    Map<Integer, List<String>> found = new HashMap<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      try {
        int node = i;
        cluster.node(i).client().listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", NAME + "_" + service)).exec()
            .forEach(c -> found.computeIfAbsent(node, k -> new ArrayList<>()).add(c.getId()));
      } catch (RuntimeException lost) {
        // a lost node does not answer
      }
    }
    return found;
  }

  @Test
  @Order(1)
  void upSpreadsTheReplicasOverTheNodesHonoursConstraintsAndDeliversTheSecretToEveryNode() throws Exception {
    CliRun first = sentinel("plan");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("node-local volume data, pinned by its placement")
        .contains("node-local volume cache: a task rescheduled to another node starts with an empty volume there");
    CliRun up = sentinel("up");
    assertThat(up.exitCode()).as(up.err()).isZero();
    Map<Integer, List<String>> web = containersOf("web");
    assertThat(web).as("one web replica on each node").containsOnlyKeys(0, 1, 2);
    assertThat(containersOf("monitor")).as("monitor on the node labelled tier=monitoring").containsOnlyKeys(2);
    assertThat(containersOf("client")).as("client on the manager").containsOnlyKeys(0);
    assertThat(containersOf("db")).as("db where the data is").containsOnlyKeys(2);
    for (var e : web.entrySet()) {
      String token = Exec.run(cluster.node(e.getKey()).client(), e.getValue().get(0), "10001", "cat", "/run/secrets/token");
      assertThat(token).as("the secret on node %s", e.getKey()).isEqualTo("s3cret-token-for-every-node\n");
    }
    CliRun plan = sentinel("plan");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("no changes");
  }

  @Test
  @Order(2)
  void theClientOnTheManagerReachesTheWebTaskOnEveryNodeOverTheOverlay() throws Exception {
    String client = containersOf("client").get(0).get(0);
    Set<String> answered = new HashSet<>();
    for (var e : containersOf("web").entrySet()) {
      var inspect = cluster.node(e.getKey()).client().inspectContainerCmd(e.getValue().get(0)).exec();
      String address = inspect.getNetworkSettings().getNetworks().get(NAME + "_backend").getIpAddress();
      String reply = Exec.run(cluster.node(0).client(), client, "0", "sh", "-c",
          "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + address + " 8080");
      assertThat(reply).as("the web task on node %s at %s", e.getKey(), address).contains("200 OK").contains(inspect.getConfig().getHostName());
      answered.add(inspect.getConfig().getHostName());
    }
    assertThat(answered).hasSize(3);
  }

  @Test
  @Order(3)
  void statusNamesEveryNodeAndTheTasksEachHolds() throws Exception {
    CliRun status = sentinel("status", "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode nodes = status.json().path("nodes");
    assertThat(nodes).hasSize(3);
    nodes.forEach(n -> assertThat(n.path("state").asText()).isEqualTo("ready"));
    nodes.forEach(n -> assertThat(n.path("manager").asBoolean()).isTrue());
    CliRun health = sentinel("health");
    assertThat(health.exitCode()).as(health.out() + health.err()).isZero();
    // The service's logs from every node, through the first node (the engine's service logs), each line naming task and node.
    CliRun logs = sentinel("logs", "web", "--tail", "5");
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    Set<String> nodesInLogs = new HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("web\\.[1-3]@(\\S+) \\| serving on \\S+").matcher(logs.out());
    while (m.find()) {
      nodesInLogs.add(m.group(1));
    }
    assertThat(nodesInLogs).as(logs.out()).containsExactlyInAnyOrder(cluster.node(0).container(), cluster.node(1).container(),
        cluster.node(2).container());
    JsonNode third = nodes.get(2);
    assertThat(third.path("hostname").asText()).isEqualTo(cluster.node(2).container());
    assertThat(third.path("stackTasks").toString()).contains("monitor.1").contains("web.");
  }

  /**
   * A rolling update with start-first, one task at a time, while a client on the manager sends
   * requests to the service name the whole time; then an update whose new tasks never become
   * healthy, which the Swarm rolls back by itself (failure_action: rollback), the old tasks serving
   * throughout.
   */
  @Test
  @Order(4)
  void aStartFirstRollingUpdateServesEveryRequestAndAnUnhealthyUpdateRollsBackByItself() throws Exception {
    Path update = Files.writeString(dir.resolve("update.yaml"), """
        services:
          web:
            environment: {VERSION: "2"}
            deploy:
              update_config: {parallelism: 1, order: start-first, failure_action: rollback, delay: 1s, monitor: 3s}
        """);
    Path broken = Files.writeString(dir.resolve("broken.yaml"), """
        services:
          web:
            environment: {VERSION: "3"}
            healthcheck:
              test: ["CMD-SHELL", "exit 1"]
        """);
    String client = containersOf("client").get(0).get(0);
    var manager = cluster.node(0).client();
    // The probe: one request every 100 ms to the service name (DNS round-robin over the tasks), each line ok or FAIL.
    Exec.run(manager, client, "0", "sh", "-c", "(while [ ! -f /tmp/stop ]; do if printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 web 8080"
        + " | grep -q '200 OK'; then echo ok; else echo FAIL; fi; usleep 100000; done > /tmp/probe.log 2>&1) &");
    try {
      long started = System.nanoTime();
      CliRun rolled = sentinel("-f", update.toString(), "up");
      assertThat(rolled.exitCode()).as(rolled.err()).isZero();
      double updateSeconds = (System.nanoTime() - started) / 1e9;
      assertThat(versions()).as("every web task runs version 2").containsOnly("2");

      started = System.nanoTime();
      CliRun failed = sentinel("-f", update.toString(), "-f", broken.toString(), "up");
      double rollbackSeconds = (System.nanoTime() - started) / 1e9;
      assertThat(failed.exitCode()).as(failed.err()).isEqualTo(SentinelCli.FAILED);
      assertThat(failed.err()).contains("web").contains("rolled back");
      assertThat(versions()).as("the rollback left version 2 running").containsOnly("2");
      Exec.run(manager, client, "0", "touch", "/tmp/stop");
      Thread.sleep(500);
      String log = Exec.run(manager, client, "0", "cat", "/tmp/probe.log");
      long ok = log.lines().filter("ok"::equals).count();
      long failures = log.lines().filter("FAIL"::equals).count();
      System.out.printf("[multi-node] rolling update (start-first, 3 tasks on 3 nodes) %.1f s, failed update rolled back in %.1f s;"
          + " requests during both: %d ok, %d failed%n", updateSeconds, rollbackSeconds, ok, failures);
      assertThat(ok).as("requests answered during the updates").isGreaterThan(20);
      assertThat(failures).as("requests failed during the updates").isZero();
    } finally {
      Exec.run(manager, client, "0", "touch", "/tmp/stop");
    }
  }

  /**
   * The VERSION of each web task the Swarm wants running and reports running. (A container of a
   * replaced task can still be in its stop grace period when up returns; the Swarm no longer sends
   * it requests, so it is not counted.)
   */
  private static List<String> versions() {
    return cluster.manager().listTasksCmd().withServiceFilter(NAME + "_web").exec().stream()
        .filter(t -> t.getDesiredState() == com.github.dockerjava.api.model.TaskState.RUNNING
            && t.getStatus().getState() == com.github.dockerjava.api.model.TaskState.RUNNING)
        .map(t -> t.getSpec().getContainerSpec().getEnv() == null ? "1" : t.getSpec().getContainerSpec().getEnv().stream()
            .filter(v -> v.startsWith("VERSION=")).map(v -> v.substring(8)).findFirst().orElse("1"))
        .toList();
  }

  @Test
  @Order(5)
  void aLostNodeIsNamedWithItsTasksAndVolumeTheReplicasComeBackAndTheVolumeIsRestoredElsewhere() throws Exception {
    String lost = cluster.node(2).container();
    String volume = NAME + "_data";
    String db = containersOf("db").get(2).get(0);
    Exec.run(cluster.node(2).client(), db, "0", "sh", "-c", "echo order-42 > /data/orders.txt");
    Path backups = Files.createDirectories(dir.resolve("backups"));
    // The CLI over TCP against the node holding the volume; under the default consistency (stop) the Swarm task is paused instead.
    CliRun backup = sentinelOn(2, "backup", "--volume", volume, "--to", backups.toString(), "--json");
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    Path archive = Path.of(backup.json().path("archive").asText());
    assertThat(backup.json().path("held").get(0).path("how").asText()).startsWith("paused (a Swarm task");
    assertThat(containersOf("db").get(2)).as("the Swarm kept db's task: it was paused, not stopped").containsExactly(db);
    java.time.Instant backedUp = java.time.Instant.now();

    // The updates before may have left web's replicas unevenly spread: count what this node runs.
    int webOnTheNode = containersOf("web").getOrDefault(2, List.of()).stream()
        .mapToInt(id -> Boolean.TRUE.equals(cluster.node(2).client().inspectContainerCmd(id).exec().getState().getRunning()) ? 1 : 0).sum();
    long killed = System.nanoTime();
    cluster.stop(2);
    java.time.Instant lostAt = java.time.Instant.now();
    try (Engine engine = cluster.engine(0)) {
      SwarmTarget swarm = SwarmTarget.on(engine).withDnsRoundRobin();
      Duration detected = null;
      Duration recovered = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while ((detected == null || recovered == null) && System.nanoTime() < deadline) {
        if (detected == null && swarm.nodes(NAME).stream().anyMatch(n -> n.hostname().equals(lost) && n.isDown())) {
          detected = Duration.ofNanos(System.nanoTime() - killed);
        }
        List<ContainerStatus> web = swarm.status(NAME).containers("web");
        if (recovered == null && web.size() == 3 && web.stream().allMatch(c -> c.state().equals("running") && !c.node().orElse("").equals(lost))) {
          recovered = Duration.ofNanos(System.nanoTime() - killed);
        }
        Thread.sleep(500);
      }
      assertThat(detected).as("the managers marked %s down", lost).isNotNull();
      assertThat(recovered).as("web back at three replicas on the remaining nodes").isNotNull();
      SwarmNode down = swarm.nodes(NAME).stream().filter(n -> n.hostname().equals(lost)).findFirst().orElseThrow();
      assertThat(down.stackTasks()).contains("monitor.1", "db.1");
      assertThat(down.stackTasks().stream().filter(t -> t.startsWith("web.")).count()).as("web tasks it held").isEqualTo(webOnTheNode);
      assertThat(down.stackVolumes()).contains(volume);
      CliRun status = sentinel("status");
      assertThat(status.exitCode()).as(status.err()).isZero();
      assertThat(status.out()).contains("lost: " + lost + " (manager) is down: it held ").contains("db.1").contains("monitor.1")
          .containsPattern("volumes on it: [^(]*" + volume + " \\(their data is on that node: restore the last backup on another node")
          .contains("managers: 2 of 3 reachable; the swarm keeps its quorum (2 needed); one more manager lost and it cannot change anything");

      // The drill: restore on the second node, move the label, and db follows its data.
      long restoring = System.nanoTime();
      CliRun restore = sentinelOn(1, "restore", archive.toString());
      assertThat(restore.exitCode()).as(restore.err()).isZero();
      assertThat(restore.out()).contains("restored " + volume);
      cluster.label(1, Map.of("data", "here", "zone", "b"));
      String back = null;
      long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (back == null && System.nanoTime() < until) {
        List<String> onSecond = containersOf("db").getOrDefault(1, List.of());
        for (String id : onSecond) {
          try {
            back = Exec.run(cluster.node(1).client(), id, "0", "cat", "/data/orders.txt");
          } catch (RuntimeException notYet) {
            back = null;
          }
        }
        if (back == null) {
          Thread.sleep(500);
        }
      }
      assertThat(back).as("db on the second node with its restored data").isEqualTo("order-42\n");
      System.out.printf("[multi-node] 3 nodes; node lost -> marked down in %.1f s, %s;"
              + " volume drill: restored and db running on another node %.1f s after the restore began, RPO %.1f s (the backup's age at the loss)%n",
          detected.toMillis() / 1000.0, webOnTheNode == 0 ? "it held no web task (the updates left web on the other two)"
              : String.format("it held %d web task(s), web back at 3 running in %.1f s", webOnTheNode, recovered.toMillis() / 1000.0),
          (System.nanoTime() - restoring) / 1e9, Duration.between(backedUp, lostAt).toMillis() / 1000.0);
    }
    CliRun down = sentinel("down");
    assertThat(down.exitCode()).as(down.err()).isZero();
  }
}
