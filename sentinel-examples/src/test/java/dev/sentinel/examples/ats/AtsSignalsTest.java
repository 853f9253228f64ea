package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.StackSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The dashboards and the alert rules come from one list: no alert watches a metric no dashboard shows. */
class AtsSignalsTest {
  private static final Pattern METRIC = Pattern.compile("\\b(ats_[a-z_]+|process_[a-z_]+|up)\\b");
  private static final StackSpec ATS = new AtsStack().define().resolve("production");

  private static String content(String config) {
    return ((Config.Source.Content) ATS.configs().get(config).source()).content();
  }

  private static Set<String> metrics(Iterable<String> expressions) {
    Set<String> found = new TreeSet<>();
    for (String e : expressions) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyMetricAnAlertRuleUsesIsOnTheGrafanaDashboardAndTheConsole() throws Exception {
    Map<String, Object> rules = new Yaml().load(content("alert-rules-yml"));
    List<Map<String, Object>> group = (List<Map<String, Object>>) ((List<Map<String, Object>>) rules.get("groups")).get(0).get("rules");
    Set<String> alerted = metrics(group.stream().map(r -> (String) r.get("expr")).toList());
    assertThat(alerted).contains("up", "ats_redis_up", "ats_agent_heartbeat_age_seconds", "ats_agents_alive", "process_resident_memory_bytes",
        "ats_memory_limit_bytes", "process_start_time_seconds", "ats_last_backup_timestamp_seconds");

    JsonNode grafana = new ObjectMapper().readTree(content("grafana-dashboard"));
    List<String> panelQueries = new java.util.ArrayList<>();
    grafana.path("panels").forEach(p -> panelQueries.add(p.path("targets").get(0).path("expr").asText()));
    assertThat(metrics(panelQueries)).containsAll(alerted);

    String console = content("prometheus-console");
    for (String metric : alerted) {
      assertThat(console).as("the console queries %s", metric).containsPattern("range query \"[^\"]*\\b" + metric + "\\b");
    }
  }

  @Test
  void prometheusServesTheConsoleAndGrafanaIsProvisionedWithTheDashboard() {
    assertThat(ATS.service("prometheus").storage().configs()).anySatisfy(f -> {
      assertThat(f.source()).isEqualTo("prometheus-console");
      assertThat(f.target()).isEqualTo("/etc/prometheus/consoles/ats.html");
    });
    assertThat(ATS.service("grafana").storage().configs()).extracting(f -> f.source() + " " + f.target()).contains(
        "grafana-dashboards /etc/grafana/provisioning/dashboards/ats.yml", "grafana-dashboard /etc/grafana/dashboards/ats.json");
    Map<String, Object> provider = new Yaml().load(content("grafana-dashboards"));
    assertThat(provider.toString()).contains("path=/etc/grafana/dashboards");
  }
}
