package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.compose.ComposeExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATS stack's production export as Docker Compose v2 reads it ({@code docker compose config}),
 * against values written by hand from {@link AtsStack}'s declaration: the independent check beside
 * {@link AtsComposeRoundTripTest}, which compares the exporter with itself.
 */
class AtsComposeExportIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void composeReadsTheProductionExportAsDeclared() throws Exception {
    Path file = Files.writeString(dir.resolve("compose.yaml"), ComposeExporter.create().compose(new AtsStack().define().resolve("production")));
    JsonNode services = composeConfig(file).path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("agent", "grafana", "orchestrator", "prometheus", "redis");

    JsonNode agent = services.path("agent");
    assertThat(agent.path("image").asText()).isEqualTo("ats/orchestrator:1.0");
    assertThat(agent.path("command")).isEqualTo(JSON.readTree("[\"agent\"]"));
    assertThat(agent.path("deploy").path("replicas").asInt()).isEqualTo(3);
    assertThat(agent.path("deploy").path("resources").path("limits").path("memory").asText()).isEqualTo(Long.toString(256L << 20));
    assertThat(agent.path("deploy").path("resources").path("limits").path("cpus").asDouble()).isEqualTo(0.75);
    assertThat(agent.path("environment").path("PORT").asText()).isEqualTo("9100");
    assertThat(agent.path("environment").path("REDIS_HOST").asText()).isEqualTo("redis");
    assertThat(agent.path("environment").path("REDIS_PASSWORD_FILE").asText()).isEqualTo("/run/secrets/redis-password");
    assertThat(agent.path("depends_on").path("orchestrator").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(agent.path("user").asText()).isEqualTo("10001:10001");
    assertThat(agent.path("read_only").asBoolean()).isTrue();
    assertThat(agent.path("stop_grace_period").asText()).isEqualTo("10s");

    JsonNode orchestrator = services.path("orchestrator");
    assertThat(orchestrator.path("deploy").path("resources").path("limits").path("memory").asText()).isEqualTo(Long.toString(512L << 20));
    assertThat(orchestrator.path("deploy").path("resources").path("limits").path("cpus").asDouble()).isEqualTo(2.0);
    assertThat(orchestrator.path("ports")).hasSize(1);
    JsonNode port = orchestrator.path("ports").get(0);
    assertThat(port.path("host_ip").asText() + ":" + port.path("published").asText() + ":" + port.path("target").asInt())
        .isEqualTo("127.0.0.1:8080:8080");
    assertThat(orchestrator.path("healthcheck").path("interval").asText()).isEqualTo("5s");
    assertThat(orchestrator.path("healthcheck").path("start_period").asText()).isEqualTo("10s");

    JsonNode prometheus = services.path("prometheus");
    assertThat(prometheus.has("ports")).as("9090 is not published in production").isFalse();
    List<String> networks = new ArrayList<>();
    prometheus.path("networks").fieldNames().forEachRemaining(networks::add);
    assertThat(networks).containsExactly("monitoring");
    assertThat(prometheus.path("user").asText()).isEqualTo("10002:10002");

    JsonNode redis = services.path("redis");
    assertThat(redis.path("user").asText()).isEqualTo("redis");
    assertThat(redis.path("stop_grace_period").asText()).isEqualTo("20s");
    assertThat(redis.path("ulimits").path("nofile")).isEqualTo(JSON.readTree("{\"soft\": 10000, \"hard\": 10000}"));
    assertThat(redis.path("deploy").path("resources").path("reservations").path("memory").asText()).isEqualTo(Long.toString(64L << 20));
    assertThat(redis.path("restart").asText()).isEqualTo("unless-stopped");

    assertThat(services.path("grafana").path("profiles")).isEqualTo(JSON.readTree("[\"dashboards\"]"));
    assertThat(services.path("grafana").has("ports")).isFalse();
  }

  private JsonNode composeConfig(Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("docker", "compose", "--profile", "*", "-f", file.toString(), "config", "--format", "json")
        .directory(dir.toFile()).redirectError(dir.resolve("stderr").toFile()).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("docker compose config: %s", Files.readString(dir.resolve("stderr"))).isZero();
    return JSON.readTree(output);
  }
}
