package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.FullFeatureStack;
import dev.sentinel.dsl.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeExporterTest {
  private final Stack stack = FullFeatureStack.define();
  private final ComposeExporter exporter = ComposeExporter.create();

  @Test
  void everyExportOfTheFullStackConformsToTheComposeSchema() {
    assertThat(ComposeSchema.violations(exporter.compose(stack.base()))).isEmpty();
    for (String env : stack.environments().keySet()) {
      assertThat(ComposeSchema.violations(exporter.compose(stack.resolve(env)))).as(env).isEmpty();
    }
  }

  @Test
  void theSchemaCheckRejectsWhatComposeWouldReject() {
    assertThat(ComposeSchema.violations("services:\n  a:\n    image: x\n    blkio_weight_typo: 1\n")).isNotEmpty();
  }

  @Test
  void exportIsDeterministic() {
    assertThat(exporter.compose(FullFeatureStack.define().resolve("production")))
        .isEqualTo(exporter.compose(FullFeatureStack.define().resolve("production")));
    assertThat(exporter.override(stack, "ubuntu")).isEqualTo(exporter.override(FullFeatureStack.define(), "ubuntu"));
  }

  @Test
  void secretsAreFileReferencesNeverValues() {
    Map<String, Object> secrets = section(exporter.compose(stack.base()), "secrets");
    assertThat(secrets).containsEntry("redis-password", Map.of("file", "./.sentinel/secrets/full-feature/redis-password"));
    assertThat(secrets).containsEntry("api-token", Map.of("environment", "API_TOKEN"));
    assertThat(secrets).containsEntry("tls-key", Map.of("file", "./certs/server.key"));
    Map<String, Object> moved = section(exporter.withSecretsDirectory("/srv/secrets").compose(stack.base()), "secrets");
    assertThat(moved).containsEntry("redis-password", Map.of("file", "/srv/secrets/full-feature/redis-password"));
  }

  @Test
  void literalDollarsAreEscapedAndHostVariablesAreNot() {
    Map<String, Object> env = service(exporter.compose(stack.base()), "orchestrator", "environment");
    assertThat(env).containsEntry("GREETING", "costs $$5")
        .containsEntry("PUBLIC_URL", "${PUBLIC_URL:-http://127.0.0.1:8080}")
        .containsEntry("LICENSE_KEY", "${ATS_LICENSE_KEY:?set ATS_LICENSE_KEY on the deploying host}")
        .containsEntry("REDIS_PASSWORD_FILE", "/run/secrets/redis-password");
  }

  @Test
  void portsAlwaysNameTheirHostIp() {
    List<Map<String, Object>> ports = service(exporter.compose(stack.base()), "orchestrator", "ports");
    assertThat(ports).allSatisfy(p -> assertThat(p).containsEntry("host_ip", "127.0.0.1"));
  }

  @Test
  void overrideHoldsOnlyWhatTheEnvironmentChanges() {
    Map<String, Object> override = load(exporter.override(stack, "development"));
    Map<String, Object> services = cast(override.get("services"));
    assertThat(services).containsOnlyKeys("orchestrator", "agent", "redis");
    Map<String, Object> agent = cast(services.get("agent"));
    assertThat(agent).containsOnlyKeys("deploy");
    assertThat(exporter.override(stack, "production")).contains("debug: !reset").contains("ports: !override");
  }

  @Test
  void envExampleListsEveryHostVariable() {
    String example = exporter.envExample(stack);
    assertThat(example)
        .contains("PUBLIC_URL=http://127.0.0.1:8080")
        .contains("# services.orchestrator.environment.LICENSE_KEY (required)\nATS_LICENSE_KEY=\n")
        .contains("API_TOKEN=");
  }

  @Test
  void writeToWritesEveryFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    List<Path> files = exporter.writeTo(stack, dir);
    assertThat(files).extracting(p -> dir.relativize(p).toString()).containsExactly(
        "docker-compose.yml",
        "docker-compose.development.yml", "docker-compose.development.flat.yml", "docker-stack.development.yml",
        "configs/full-feature/prometheus-yml",
        "docker-compose.production.yml", "docker-compose.production.flat.yml", "docker-stack.production.yml",
        "docker-compose.ubuntu.yml", "docker-compose.ubuntu.flat.yml", "docker-stack.ubuntu.yml",
        ".env.example");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThat(Files.readString(dir.resolve("docker-compose.yml"))).isEqualTo(exporter.compose(stack.base()));
  }

  @Test
  void theStackFileUsesSwarmsSpellings() {
    Map<String, Object> stackFile = load(exporter.stackFile(stack.resolve("production"), true));
    Map<String, Object> services = cast(stackFile.get("services"));
    Map<String, Object> orchestrator = cast(services.get("orchestrator"));
    assertThat(orchestrator).doesNotContainKeys("build", "depends_on", "restart", "container_name");
    Map<String, Object> deploy = cast(orchestrator.get("deploy"));
    assertThat(deploy).containsEntry("restart_policy", Map.of("condition", "any"));
    List<Map<String, Object>> ports = cast(orchestrator.get("ports"));
    assertThat(ports).singleElement().satisfies(p -> assertThat(p).containsEntry("published", 8080).containsEntry("mode", "host")
        .doesNotContainKey("host_ip"));
    Map<String, Object> configs = cast(stackFile.get("configs"));
    assertThat(configs).containsEntry("prometheus-yml", Map.of("file", "./configs/full-feature/prometheus-yml"));
    Map<String, Object> secrets = cast(stackFile.get("secrets"));
    assertThat(secrets).containsEntry("api-token", Map.of("external", true, "name", "full-feature_api-token"));
  }

  @Test
  void multiLineConfigsAreLiteralBlocks() {
    assertThat(exporter.compose(stack.base())).contains("content: |\n      global:\n        scrape_interval: 15s\n");
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  private static Map<String, Object> load(String yaml) {
    return cast(ComposeYaml.load(yaml.replace("!reset", "").replace("!override", "")));
  }

  private static Map<String, Object> section(String yaml, String key) {
    return cast(load(yaml).get(key));
  }

  private static <T> T service(String yaml, String service, String key) {
    Map<String, Object> services = section(yaml, "services");
    return cast(((Map<String, Object>) cast(services.get(service))).get(key));
  }
}
