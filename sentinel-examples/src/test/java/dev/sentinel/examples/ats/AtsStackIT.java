package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.testcontainers.ExecResult;
import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.ServiceContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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

  @Test
  void everyServiceRunsHardenedAsDeclared() {
    assertThat(ats.status().allReady()).as(ats.status().toText()).isTrue();
    assertThat(ats.status().containers()).extracting(c -> c.service())
        .containsExactlyInAnyOrder("agent", "orchestrator", "prometheus", "redis");
  }
}
