package dev.sentinel.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.report.Dashboard.Panel;
import dev.sentinel.report.Dashboard.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardTest {
  private static final Dashboard SHOP = Dashboard.of("Shop \"live\"", List.of(
      Panel.of("Targets up", "up{job=\"api\"}", Unit.NUMBER, 1, "job", "instance").withProblemBelow(1),
      Panel.of("Memory", "mem_bytes / limit_bytes", Unit.RATIO, 1, "job").withProblemAbove(0.9),
      Panel.of("Backup age", "time() - last_backup", Unit.SECONDS, 86400)));

  @Test
  void theConsoleQueriesEachPanelWithItsQuoteEscapedAndHumanizesByUnit() {
    String console = SHOP.toPrometheusConsole();
    assertThat(console).contains("{{ range query \"up{job=\\\"api\\\"}\" | sortByLabel \"job\" }}")
        .contains("<td>{{ .Labels.job }}</td><td>{{ .Labels.instance }}</td><td class=\"value\">{{ .Value | humanize }}</td>")
        .contains("{{ .Value | humanizePercentage }}").contains("{{ .Value | humanizeDuration }}")
        .contains("{{ range query \"time() - last_backup\" }}");
    assertThat(console).contains("<title>Shop &quot;live&quot;</title>");
    // problem below 1 is red under the threshold; above 0.9 red over it; comparisons take float literals
    assertThat(console).contains("{{ if lt .Value 1.0 }}#cf222e{{ else }}#2da44e{{ end }}").contains("{{ if gt .Value 0.9 }}#cf222e");
    assertThat(console.split("<section class=\"panel\"", -1)).hasSize(4);
  }

  @Test
  void grafanaHasOnePanelPerPanelWithItsQueryUnitAndThresholdSteps() throws Exception {
    JsonNode json = new ObjectMapper().readTree(SHOP.toGrafanaJson());
    assertThat(json.path("uid").asText()).isEqualTo("shop-live");
    assertThat(json.path("panels")).hasSize(3);
    JsonNode up = json.path("panels").get(0);
    assertThat(up.path("targets").get(0).path("expr").asText()).isEqualTo("up{job=\"api\"}");
    assertThat(up.path("targets").get(0).path("legendFormat").asText()).isEqualTo("{{job}} {{instance}}");
    assertThat(up.path("fieldConfig").path("defaults").path("thresholds").path("steps").toString())
        .isEqualTo("[{\"color\":\"red\",\"value\":null},{\"color\":\"green\",\"value\":1.0}]");
    assertThat(json.path("panels").get(1).path("fieldConfig").path("defaults").path("unit").asText()).isEqualTo("percentunit");
    assertThat(json.path("panels").get(2).path("gridPos").path("y").asInt()).isEqualTo(8);
  }

  @Test
  void panelsRefuseWhatWouldBreakTheTemplates() {
    assertThatThrownBy(() -> Panel.of("x", "up", Unit.NUMBER, 1, "job-name")).hasMessage("panel \"x\": job-name is not a label name");
    assertThatThrownBy(() -> Panel.of("x", " ", Unit.NUMBER, 1)).hasMessage("panel \"x\" has no query");
    assertThatThrownBy(() -> Panel.of("x", "up", Unit.NUMBER, 0)).hasMessage("panel \"x\": scale must be positive, got 0.0");
    assertThatThrownBy(() -> Dashboard.of("empty", List.of())).hasMessage("dashboard \"empty\" has no panels");
  }
}
