package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.backup.BackupOptions;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.examples.browser.HeadlessChromium;
import dev.sentinel.report.HtmlReport;
import dev.sentinel.report.StackSnapshot;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import dev.sentinel.testcontainers.SentinelStackContainer;

/**
 * What an operator looks at, opened in a real browser (headless Chromium): the HTML report of the
 * running ATS stack, and the Prometheus console dashboard that the stack's own Prometheus serves.
 * Screenshots land in {@code target/observability/}. The pages are parsed with jsoup, not with the
 * code that wrote them.
 */
@Testcontainers
class AtsObservabilityIT {
  static {
    System.setProperty(AtsStack.IMAGES_PROPERTY, "images");
  }

  private static final Path OUT = Path.of("target", "observability");

  @Container
  static SentinelStackContainer ats = SentinelStackContainer.of(new AtsStack().define())
      .withEnvironment("development")
      .withLabel("dev.sentinel.test", "AtsObservabilityIT")
      .withStartupTimeout(Duration.ofMinutes(10));

  /** A backup first (its hook records the time the dashboard shows), then Prometheus must have scraped it. */
  @BeforeAll
  static void backUpAndWaitForTheBackupMetric() throws Exception {
    Files.createDirectories(OUT.resolve("backups"));
    try (Engine engine = Engine.fromEnvironment()) {
      VolumeBackup.on(engine).backup(ats.getSpec(), OUT.resolve("backups"), BackupOptions.defaults());
    }
    HttpClient http = HttpClient.newHttpClient();
    String query = "http://localhost:" + ats.getMappedPort("prometheus", 9090) + "/api/v1/query?query=ats_last_backup_timestamp_seconds";
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String body = "";
    while (!body.contains("\"value\"") && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      body = http.send(HttpRequest.newBuilder(URI.create(query)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
    assertThat(body).as("Prometheus has the backup time").contains("\"value\"");
  }

  @Test
  void theHtmlReportShowsEveryServiceWithChartsAndNoScriptErrorInChromium() throws Exception {
    StackSpec spec = ats.getSpec();
    List<StackSnapshot> samples = new ArrayList<>();
    try (Engine engine = Engine.fromEnvironment()) {
      EngineTarget target = EngineTarget.on(engine);
      samples.add(StackSnapshot.collect(target, spec, OUT.resolve("backups"), Policy.defaults()));
      Thread.sleep(3000);
      samples.add(StackSnapshot.collect(target, spec, OUT.resolve("backups"), Policy.defaults()));
    }
    Path page = OUT.resolve("report.html");
    Files.writeString(page, HtmlReport.render(samples, 0));

    HeadlessChromium.Rendered rendered = HeadlessChromium.render(page.toAbsolutePath().toUri().toString(), OUT.resolve("report.png"), 1500, 2000);
    assertThat(rendered.console()).as("console messages of the report").isEmpty();
    Document dom = Jsoup.parse(rendered.dom());
    assertThat(dom.body().attr("data-ages")).as("the page's script ran").isEqualTo("shown");

    Map<String, Integer> rows = new TreeMap<>();
    for (Element row : dom.select("#services tr[data-service]")) {
      rows.merge(row.attr("data-service"), 1, Integer::sum);
    }
    assertThat(rows).containsOnlyKeys("redis", "orchestrator", "agent", "prometheus", "grafana");
    for (String running : List.of("redis", "orchestrator", "agent", "prometheus")) {
      Element row = dom.selectFirst("#services tr[data-service=" + running + "]");
      assertThat(row.select("td").get(3).text()).as("%s health", running).isEqualTo("healthy");
      assertThat(row.select("svg.chart.health rect.mark")).as("%s health checks", running).isNotEmpty();
      assertThat(row.select("svg.chart.memory polyline.mark")).as("%s memory history over two samples", running).hasSize(1);
    }
    assertThat(dom.select("#services tr[data-service=grafana]").text()).contains("no container");
    for (Element chart : dom.select("svg.chart")) {
      assertThat(chart.select(".mark")).as("a chart without data: %s", chart.outerHtml()).isNotEmpty();
    }
    assertThat(dom.select("#topology svg.topology g.node.service")).hasSize(5);
    Element backup = dom.selectFirst("#backups tr[data-volume=" + spec.volumeEngineName("redis-data") + "]");
    assertThat(backup.select("td").get(2).text()).as("the backup's age").matches("\\d+ (s|min)");
    // The ATS stack is hardened: the default policy finds nothing, and the page says so.
    assertThat(dom.select("#lint h2").text()).isEqualTo("Lint 0 active, 0 accepted");
    assertThat(dom.select("#lint p.ok").text()).isEqualTo("No findings.");
  }

  @Test
  void thePrometheusConsoleDashboardShowsDataInEveryPanelInChromium() throws Exception {
    String url = "http://localhost:" + ats.getMappedPort("prometheus", 9090) + "/consoles/ats.html";
    List<String> panels = AtsSignals.all().stream().map(s -> s.panel().title()).toList();
    Document dom = null;
    HeadlessChromium.Rendered rendered = null;
    // Rates and heartbeats need a few scrapes: wait until no panel says "no data".
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    do {
      if (dom != null) {
        Thread.sleep(3000);
      }
      rendered = HeadlessChromium.render(url, OUT.resolve("prometheus-console.png"), 1300, 1500);
      dom = Jsoup.parse(rendered.dom());
    } while (!dom.select("tr.empty").isEmpty() && System.nanoTime() < deadline);

    assertThat(rendered.console()).as("console messages of the Prometheus console").isEmpty();
    assertThat(dom.select("section.panel").eachAttr("data-panel")).containsExactlyElementsOf(panels);
    for (Element panel : dom.select("section.panel")) {
      assertThat(panel.select("tr.series")).as("series in panel %s", panel.attr("data-panel")).isNotEmpty();
      assertThat(panel.select("tr.empty")).as("panel %s says no data", panel.attr("data-panel")).isEmpty();
    }
    Element up = dom.selectFirst("section.panel[data-panel=Scrape targets up]");
    assertThat(up.select("tr.series td").eachText()).contains("orchestrator", "agent");
    Element alive = dom.selectFirst("section.panel[data-panel=Agents alive]");
    assertThat(alive.selectFirst("td.value").text()).isEqualTo("1");
  }
}
