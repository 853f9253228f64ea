package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several files merge like {@code docker compose -f base -f override}, and override files can be
 * imported as environments; both follow the DSL's overlay rules.
 */
class ComposeMergeTest {
  @TempDir Path dir;
  ImportFixture fx;
  Path base;

  @BeforeEach
  void setUp() {
    fx = new ImportFixture(dir);
    base = fx.file("compose.yml", """
        services:
          web:
            image: web:1
            command: [serve, --port, "80"]
            environment: {A: base, B: base}
            labels: {tier: web}
            ports: ["127.0.0.1:8080:80", "127.0.0.1:9090:9090"]
            volumes: [data:/data, ./conf:/conf:ro]
            healthcheck: {test: [CMD, check], interval: 30s}
            restart: always
          tools: {image: tools:1}
        volumes:
          data:
        """);
  }

  private Service merged(String override) {
    Path file = fx.file("compose.override.yml", override);
    return fx.importer().importFiles(base, file).stack().base().service("web");
  }

  @Test
  void scalarsAndListsLikeCommandAreReplaced() {
    Service web = merged("services:\n  web:\n    image: web:2\n    command: [serve, --debug]\n    restart: unless-stopped\n");
    assertThat(web.imageSource().image().get().toString()).isEqualTo("web:2");
    assertThat(web.execution().command()).containsExactly("serve", "--debug");
    assertThat(web.lifecycle().restart().get().toString()).isEqualTo("unless-stopped");
  }

  @Test
  void environmentAndLabelsMergeByKey() {
    Service web = merged("services:\n  web:\n    environment: [B=override, C=new]\n    labels: {owner: shop}\n");
    assertThat(web.environment().variables()).containsEntry("A", new EnvValue.Literal("base")).containsEntry("B", new EnvValue.Literal("override"))
        .containsEntry("C", new EnvValue.Literal("new"));
    assertThat(web.labels()).containsOnlyKeys("tier", "owner");
  }

  @Test
  void portsMergeByHostIpHostPortContainerPortAndProtocolAndMountsByTarget() {
    Service web = merged("""
        services:
          web:
            ports: ["127.0.0.1:18080:80", "127.0.0.1:5678:5678"]
            volumes: [./other-conf:/conf, ./src:/src]
        """);
    // As docker compose config merges them (checked by hand with Compose 2.26): 18080:80 joins 8080:80.
    assertThat(web.networking().ports()).extracting(p -> p.toString())
        .containsExactly("127.0.0.1:8080:80/tcp", "127.0.0.1:9090:9090/tcp", "127.0.0.1:18080:80/tcp", "127.0.0.1:5678:5678/tcp");
    assertThat(web.storage().mounts()).containsExactly(
        new Mount.VolumeMount("data", "/data", false), new Mount.BindMount("./other-conf", "/conf", false), new Mount.BindMount("./src", "/src", false));
  }

  @Test
  void healthCheckTimingsMergeIntoTheInheritedCheck() {
    Service web = merged("services:\n  web:\n    healthcheck: {interval: 5s}\n");
    assertThat(web.lifecycle().healthCheck().get().test().toEngineForm()).containsExactly("CMD", "check");
    assertThat(web.lifecycle().healthCheck().get().interval().get().getSeconds()).isEqualTo(5);
  }

  @Test
  void resetRemovesAndOverrideReplacesInsteadOfMerging() {
    Service web = merged("""
        services:
          web:
            ports: !reset []
            environment: !override {ONLY: this}
            healthcheck: !reset null
        """);
    assertThat(web.networking().ports()).isEmpty();
    assertThat(web.environment().variables()).containsOnlyKeys("ONLY");
    assertThat(web.lifecycle().healthCheck()).isEmpty();
  }

  @Test
  void aResetServiceIsRemovedAndANewOneAdded() {
    Path file = fx.file("compose.override.yml", "services:\n  tools: !reset null\n  debug: {image: busybox:1}\n");
    StackSpec spec = fx.importer().importFiles(base, file).stack().base();
    assertThat(spec.services()).containsOnlyKeys("web", "debug");
  }

  @Test
  void aProblemAnEnvironmentFileCausesNamesThatFileAndLine() {
    Path production = fx.file("compose.production.yml", "services:\n  web:\n    networks: [missing]\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.importer().withEnvironmentOverlay("production", production).importFiles(base))
        .hasMessageContaining("compose.production.yml:3: environments.production.services.web.networks.missing: network \"missing\" is not defined");
  }

  @Test
  void overrideFilesBecomeEnvironmentsThatResolveLikeTheMergedFiles() {
    Path production = fx.file("compose.production.yml", """
        services:
          web:
            environment: {A: production}
            ports: !reset []
            deploy: {replicas: 3}
          tools: !reset null
        """);
    Stack stack = fx.importer().withEnvironmentOverlay("production", production).importFiles(base).stack();
    StackSpec merged = fx.importer().importFiles(base, production).stack().base();

    assertThat(stack.base().services()).containsOnlyKeys("web", "tools");
    StackSpec resolved = stack.resolve("production");
    assertThat(resolved.services()).isEqualTo(merged.services());
    assertThat(resolved.service("web").deploy().replicas()).isEqualTo(3);
    assertThat(resolved.service("web").networking().ports()).isEmpty();
  }
}
