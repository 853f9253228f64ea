package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.FullFeatureStack;
import dev.sentinel.dsl.Stack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the export against Docker Compose v2 itself: the base is accepted, and for each environment
 * {@code -f base -f override} means exactly what the flattened file means.
 */
class ComposeCompatibilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Stack STACK = FullFeatureStack.define();
  private static final Map<String, String> VARIABLES = Map.of("ATS_LICENSE_KEY", "test-license");

  @TempDir static Path dir;

  @BeforeAll
  static void export() throws Exception {
    ComposeCli.requireCompose();
    ComposeExporter.create().writeTo(STACK, dir);
  }

  @Test
  void composeAcceptsTheBase() throws Exception {
    ComposeCli.Result base = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "config", "--quiet"));
    assertThat(base.exitCode()).as(base.output()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void baseWithOverrideEqualsTheFlattenedExport(String env) throws Exception {
    ComposeCli.Result layered = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "-f", "docker-compose." + env + ".yml",
        "config", "--format", "json"));
    ComposeCli.Result flat = compose(List.of("--profile", "*", "-f", "docker-compose." + env + ".flat.yml", "config", "--format", "json"));
    assertThat(layered.exitCode()).as(layered.output()).isZero();
    assertThat(flat.exitCode()).as(flat.output()).isZero();
    assertThat(layered.output()).isEqualTo(flat.output());
  }

  /**
   * Compose's own reading of the production export (base plus override), against values written by
   * hand from {@link FullFeatureStack}'s declaration, not from any output of ours.
   */
  @Test
  void composeReadsTheProductionExportAsDeclared() throws Exception {
    ComposeCli.Result result = compose(List.of("--profile", "*", "-f", "docker-compose.yml", "-f", "docker-compose.production.yml",
        "config", "--format", "json"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode services = JSON.readTree(result.output()).path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).as("debug is removed in production").containsExactlyInAnyOrder(
        "agent", "grafana", "migrate", "orchestrator", "prometheus", "redis");

    JsonNode orchestrator = services.path("orchestrator");
    assertThat(orchestrator.path("image").asText()).isEqualTo("sentinel/orchestrator:1.0");
    assertThat(orchestrator.path("entrypoint")).isEqualTo(json("[\"/app/bin/orchestrator\"]"));
    assertThat(orchestrator.path("working_dir").asText()).isEqualTo("/app");
    assertThat(orchestrator.path("user").asText()).isEqualTo("10001:10001");
    assertThat(orchestrator.path("hostname").asText()).isEqualTo("orchestrator");
    assertThat(orchestrator.path("init").asBoolean()).isTrue();
    assertThat(orchestrator.path("read_only").asBoolean()).as("hardened").isTrue();
    assertThat(orchestrator.path("cap_drop")).isEqualTo(json("[\"ALL\"]"));
    assertThat(orchestrator.path("security_opt")).isEqualTo(json("[\"no-new-privileges:true\"]"));
    // GREETING is removed in production; PUBLIC_URL takes its default; LICENSE_KEY comes from the host.
    assertThat(orchestrator.path("environment")).isEqualTo(json("""
        {"LICENSE_KEY": "test-license", "LOG_LEVEL": "info", "PUBLIC_URL": "http://127.0.0.1:8080",
         "REDIS_PASSWORD_FILE": "/run/secrets/redis-password"}"""));
    assertThat(orchestrator.path("ports")).as("9404 removed in production").hasSize(1);
    assertThat(orchestrator.path("ports").get(0).path("target").asInt()).isEqualTo(8080);
    assertThat(orchestrator.path("ports").get(0).path("published").asText()).isEqualTo("8080");
    JsonNode limits = orchestrator.path("deploy").path("resources").path("limits");
    assertThat(limits.path("memory").asText()).as("1g in production").isEqualTo(Long.toString(1L << 30));
    assertThat(limits.path("cpus").asDouble()).isEqualTo(2.0);
    assertThat(limits.path("pids").asInt()).isEqualTo(200);
    assertThat(orchestrator.path("depends_on").path("redis").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(orchestrator.path("depends_on").path("redis").path("restart").asBoolean()).isTrue();
    assertThat(orchestrator.path("depends_on").path("migrate").path("condition").asText()).isEqualTo("service_completed_successfully");

    JsonNode agent = services.path("agent");
    assertThat(agent.path("command")).isEqualTo(json("[\"agent\"]"));
    assertThat(agent.path("deploy").path("replicas").asInt()).isEqualTo(3);
    assertThat(agent.path("deploy").path("resources").path("limits").path("memory").asText()).isEqualTo(Long.toString(256L << 20));
    assertThat(agent.path("extra_hosts")).isEqualTo(json("[\"license.example.test=192.0.2.10\"]"));
    assertThat(agent.path("dns")).isEqualTo(json("[\"192.0.2.53\"]"));
    assertThat(agent.path("expose")).isEqualTo(json("[\"9100\"]"));
    assertThat(agent.path("sysctls")).isEqualTo(json("{\"net.core.somaxconn\": \"1024\"}"));
    assertThat(agent.path("shm_size").asText()).isEqualTo(Long.toString(128L << 20));
    assertThat(agent.path("restart").asText()).isEqualTo("always");
    assertThat(agent.path("deploy").path("restart_policy").path("max_attempts").asInt()).isEqualTo(3);

    JsonNode redis = services.path("redis");
    assertThat(redis.path("command")).isEqualTo(json("[\"redis-server\", \"--requirepass-file\", \"/run/secrets/redis-password\"]"));
    assertThat(redis.path("user").asText()).isEqualTo("999:999");
    assertThat(redis.path("stop_grace_period").asText()).isEqualTo("30s");
    assertThat(redis.path("stop_signal").asText()).isEqualTo("SIGTERM");
    assertThat(redis.path("ulimits").path("nofile")).isEqualTo(json("{\"soft\": 10000, \"hard\": 20000}"));
    assertThat(redis.path("logging")).isEqualTo(json("{\"driver\": \"json-file\", \"options\": {\"max-size\": \"10m\", \"max-file\": \"3\"}}"));
    assertThat(redis.path("networks").path("backend").path("aliases")).isEqualTo(json("[\"cache\"]"));
    assertThat(redis.path("deploy").path("resources").path("reservations").path("memory").asText()).isEqualTo(Long.toString(128L << 20));
    assertThat(redis.path("healthcheck").path("retries").asInt()).isEqualTo(5);
    assertThat(redis.path("healthcheck").path("start_period").asText()).isEqualTo("10s");
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"development", "production", "ubuntu"})
  void dockerStackAcceptsTheStackFile(String env) throws Exception {
    ComposeCli.Result stack = docker(List.of("stack", "config", "-c", "docker-stack." + env + ".yml"));
    assertThat(stack.exitCode()).as(stack.output()).isZero();
  }

  private static ComposeCli.Result compose(List<String> args) throws Exception {
    return ComposeCli.compose(dir, args, VARIABLES);
  }

  private static ComposeCli.Result docker(List<String> args) throws Exception {
    return ComposeCli.docker(dir, args, VARIABLES);
  }
}
