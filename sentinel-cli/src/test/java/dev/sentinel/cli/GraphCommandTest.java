package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel graph} on a Compose file as it is, and {@code report}'s refusals; no engine needed. */
class GraphCommandTest {
  private static final String COMPOSE = """
      services:
        web:
          image: shop/web:1.0
          ports: ["127.0.0.1:8080:80"]
          depends_on:
            db: {condition: service_healthy}
        db:
          image: postgres:16
          volumes: ["db-data:/var/lib/postgresql/data"]
          healthcheck: {test: ["CMD", "pg_isready"], interval: 5s}
      volumes:
        db-data: {}
      """;

  @Test
  void graphOfAComposeFileIsAMermaidFlowchartWithTheDependencyAndItsCondition(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, COMPOSE);
    CliRun run = CliRun.of("-f", file.toString(), "-p", "shop", "graph");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("flowchart LR\n  %% shop\n")
        .contains("  svc_web ==>|\"service_healthy\"| svc_db\n")
        .contains("  svc_db -->|\"/var/lib/postgresql/data\"| vol_db_data\n")
        .contains("port 127.0.0.1:8080 → 80/tcp")
        .contains("  svc_web --- net_default\n");
  }

  @Test
  void graphWritesSvgToAFileAndRefusesAnUnknownFormat(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("compose.yaml");
    Files.writeString(file, COMPOSE);
    Path svg = dir.resolve("out/graph.svg");
    Files.createDirectories(svg.getParent());
    CliRun run = CliRun.of("-f", file.toString(), "-p", "shop", "graph", "--format", "svg", "-o", svg.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(svg)).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\"");
    CliRun bad = CliRun.of("-f", file.toString(), "graph", "--format", "png");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--format png is not a format (mermaid, dot or svg)");
  }

  @Test
  void graphComparesTwoEnvironmentsOfADefinition() {
    CliRun run = CliRun.of("--env", "development", "graph", "--compare", "development", "--format", "dot");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("label=\"cli-test: development → development\"").doesNotContain("#cf222e");
  }

  @Test
  void reportRefusesTheSwarmTargetInWords() {
    CliRun run = CliRun.of("--target", "swarm", "report", "--html", "x.html");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("report reads containers, health logs and stats from one engine: use --target engine");
  }
}
