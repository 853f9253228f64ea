package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.Security;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testcontainers.ExecResult;
import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.ServiceContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The ATS stack's development environment (default profiles) in a test: the orchestrator answers,
 * agents heartbeat through Redis, Prometheus scrapes every target, and the generated Prometheus
 * files pass promtool. Images are built from sentinel-examples/images on first use (FROM
 * debian:bookworm-slim, which scripts/test.sh seeds when no registry has it).
 */
@Testcontainers
class AtsStackIT {
  static {
    System.setProperty(AtsStack.IMAGES_PROPERTY, "images");
  }

  @Container
  static SentinelStackContainer ats = SentinelStackContainer.of(new AtsStack().define())
      .withEnvironment("development")
      .withLabel("dev.sentinel.test", "AtsStackIT")
      .withStartupTimeout(Duration.ofMinutes(10));

  private final HttpClient http = HttpClient.newHttpClient();

  private String get(ServiceContainer service, int port, String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://" + service.getHost() + ":" + service.getMappedPort(port) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  @Test
  void theOrchestratorAnswersAndSeesTheAgentsHeartbeats() throws Exception {
    ServiceContainer orchestrator = ats.service("orchestrator");
    assertThat(get(orchestrator, 8080, "/health")).isEqualTo("ok\n");
    String metrics = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!metrics.contains("ats_agents_alive 1") && System.nanoTime() < deadline) {
      metrics = get(orchestrator, 8080, "/metrics");
      Thread.sleep(500);
    }
    assertThat(metrics).contains("ats_redis_up 1").contains("ats_agents_alive 1").contains("ats_agent_heartbeat_age_seconds{agent=");
  }

  @Test
  void prometheusScrapesEveryTargetAndItsFilesPassPromtool() throws Exception {
    ServiceContainer prometheus = ats.service("prometheus");
    List<String> up = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (up.size() < 2 && System.nanoTime() < deadline) {
      up.clear();
      JsonNode targets = new ObjectMapper().readTree(get(prometheus, 9090, "/api/v1/targets")).path("data").path("activeTargets");
      targets.forEach(t -> {
        if (t.path("health").asText().equals("up")) {
          up.add(t.path("labels").path("job").asText());
        }
      });
      Thread.sleep(1000);
    }
    assertThat(up).containsExactlyInAnyOrder("orchestrator", "agent");

    ExecResult config = prometheus.execInContainer("promtool", "check", "config", "/etc/prometheus/prometheus.yml");
    assertThat(config.exitCode()).as(config.stdout() + config.stderr()).isZero();
    ExecResult rules = prometheus.execInContainer("promtool", "check", "rules", "/etc/prometheus/alert_rules.yml");
    assertThat(rules.exitCode()).as(rules.stdout() + rules.stderr()).isZero();
    assertThat(rules.stdout()).contains("SUCCESS: 8 rules found");
  }

  /** An alert on a metric nobody exports never fires: every metric the rules use must reach Prometheus. */
  @Test
  void everyMetricTheAlertRulesUseIsScraped() throws Exception {
    // What the redis-data volume's backup hook does after a backup, run here directly.
    ExecResult hook = ats.service("redis").execInContainer("sh", "-c", AtsStack.RECORD_BACKUP);
    assertThat(hook.exitCode()).as(hook.stdout() + hook.stderr()).isZero();

    ServiceContainer prometheus = ats.service("prometheus");
    String rulesFile = prometheus.execInContainer("cat", "/etc/prometheus/alert_rules.yml").stdout();
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\b(ats_[a-z_]+|process_[a-z_]+|up)\\b").matcher(
        String.join("\n", rulesFile.lines().filter(l -> l.strip().startsWith("expr:")).toList()));
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(used).contains("ats_last_backup_timestamp_seconds", "process_resident_memory_bytes", "ats_memory_limit_bytes");

    Set<String> missing = new TreeSet<>(used);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      for (String metric : List.copyOf(missing)) {
        JsonNode result = new ObjectMapper().readTree(get(prometheus, 9090, "/api/v1/query?query=" + metric)).path("data").path("result");
        if (result.size() > 0) {
          missing.remove(metric);
        }
      }
      Thread.sleep(1000);
    }
    assertThat(missing).as("metrics the alert rules use that no target exports").isEmpty();
  }

  /**
   * What the kernel says about each running service's main process, against its declaration: the
   * user it runs as, no effective capabilities when all are dropped, no-new-privileges, a read-only
   * root filesystem and the memory limit of its cgroup.
   */
  @Test
  void everyServiceRunsHardenedAsDeclared() throws Exception {
    assertThat(ats.status().allReady()).as(ats.status().toText()).isTrue();
    StackSpec declared = new AtsStack().define().resolve("development");
    List<String> services = ats.status().containers().stream().map(c -> c.service()).distinct().toList();
    assertThat(services).containsExactlyInAnyOrder("agent", "orchestrator", "prometheus", "redis");
    for (String name : services) {
      Service service = declared.service(name);
      Security security = service.security();
      assertThat(service.hardened()).as("%s is declared hardened", name).isTrue();
      ServiceContainer container = ats.service(name);
      Map<String, String> status = processStatus(container);

      String user = security.user().orElseThrow().user();
      String uid = user.matches("\\d+") ? user : exec(container, "id", "-u", user).strip();
      assertThat(status.get("Uid").split("\\s+")).as("%s: real, effective, saved, fs uid", name).containsOnly(uid);
      assertThat(security.capDrop()).as(name).contains("ALL");
      if (security.capAdd().isEmpty()) {
        assertThat(status.get("CapEff")).as("%s: effective capabilities", name).isEqualTo("0000000000000000");
      } else {
        assertThat(status.get("CapEff")).as("%s: effective capabilities %s", name, security.capAdd()).isNotEqualTo("0000000000000000");
      }
      assertThat(status.get("NoNewPrivs")).as("%s: no-new-privileges", name).isEqualTo(security.noNewPrivileges() ? "1" : "0");

      ExecResult write = container.execInContainer("sh", "-c", "echo x > /.sentinel-probe");
      assertThat(write.exitCode()).as("%s: writing to / must fail", name).isNotZero();
      assertThat(write.stderr()).as(name).containsAnyOf("Read-only file system", "Permission denied");
      assertThat(security.readOnlyRootFilesystem()).as(name).isTrue();
      ExecResult mounts = container.execInContainer("sh", "-c", "grep ' / ' /proc/1/mounts");
      assertThat(mounts.stdout()).as("%s: the root mount", name).matches("(?s)\\S+ / \\S+ ro[,\\s].*");

      if (service.resources().memoryLimit().isPresent()) {
        String limit = exec(container, "sh", "-c",
            "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes").strip();
        assertThat(limit).as("%s: memory limit", name).isEqualTo(Long.toString(service.resources().memoryLimit().get().bytes()));
      }
    }
  }

  private static Map<String, String> processStatus(ServiceContainer container) throws Exception {
    Map<String, String> fields = new HashMap<>();
    for (String line : exec(container, "cat", "/proc/1/status").split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  private static String exec(ServiceContainer container, String... command) throws Exception {
    ExecResult result = container.execInContainer(command);
    assertThat(result.exitCode()).as(String.join(" ", command) + ": " + result.stderr()).isZero();
    return result.stdout();
  }
}
