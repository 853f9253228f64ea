package dev.sentinel.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.backup.LastBackup;
import dev.sentinel.dsl.Cpus;
import dev.sentinel.dsl.Size;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.HealthProbe;
import dev.sentinel.runtime.ResourceUsage;
import dev.sentinel.runtime.StackStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final StackSpec SHOP = StackGraphTest.shop().resolve("production");

  private static ContainerStatus container(String service, int replica, String health) {
    return new ContainerStatus(service, replica, "shop-" + service + "-" + replica, "id-" + service + replica, "running",
        Optional.ofNullable(health), Optional.empty(), service.equals("worker") && replica == 2 ? 3 : 0, Optional.of(NOW.minusSeconds(600)),
        List.of(), Optional.empty(), Optional.empty());
  }

  private static HealthProbe probe(String container, int secondsAgo, int exit, String output) {
    Instant start = NOW.minusSeconds(secondsAgo);
    return new HealthProbe(container, start, start.plusMillis(40), exit, output);
  }

  private static ResourceUsage usage(String service, String container, double cpus, long mib, Instant at) {
    Optional<Size> limit = service.equals("db") ? Optional.of(Size.bytes(256L << 20)) : Optional.empty();
    return ResourceUsage.measured(service, container, cpus, Size.bytes(mib << 20), service.equals("db") ? Optional.of(Cpus.of(1)) : Optional.empty(),
        limit, Optional.empty());
  }

  private static StackSnapshot snapshot(Instant at, long dbMemoryMib, List<LastBackup> backups) {
    List<ContainerStatus> containers = List.of(container("db", 1, "healthy"), container("web", 1, null),
        container("worker", 1, null), container("worker", 2, null), container("worker", 3, null));
    Map<String, List<HealthProbe>> health = Map.of("shop-db-1", List.of(probe("shop-db-1", 15, 0, "ok"),
        probe("shop-db-1", 10, 1, "<script>alert(1)</script> refused"), probe("shop-db-1", 5, 0, "ok")));
    List<ResourceUsage> usage = List.of(usage("db", "shop-db-1", 0.2, dbMemoryMib, at), usage("web", "shop-web-1", 0.01, 40, at));
    return new StackSnapshot(SHOP, at, new StackStatus("shop", at, containers), health, usage, backups, Linter.lint(SHOP, Policy.defaults()));
  }

  @Test
  void everyServiceAndReplicaHasARowAndOnlyMeasuredOnesHaveCharts() {
    String page = HtmlReport.render(snapshot(NOW, 100, List.of()));
    assertThat(count(page, "<tr data-service=\"worker\">")).isEqualTo(3);
    assertThat(count(page, "<tr data-service=\"db\">")).isEqualTo(1);
    assertThat(count(page, "<svg class=\"chart cpu\"")).isEqualTo(2);
    assertThat(count(page, "<svg class=\"chart memory\"")).isEqualTo(2);
    assertThat(page).contains("100.0 MiB of 256.0 MiB").contains("0.200 CPU of 1").contains("40.0 MiB, no limit");
    // the worker restarted three times: shown as a problem
    assertThat(page).contains("<td class=\"bad\">3</td>");
  }

  @Test
  void healthChecksAreOneMarkEachWithTheirOutputEscaped() {
    String page = HtmlReport.render(snapshot(NOW, 100, List.of()));
    String strip = between(page, "<svg class=\"chart health\"", "</svg>");
    assertThat(count(strip, "class=\"mark\"")).isEqualTo(3);
    assertThat(count(strip, "fill=\"#cf222e\"")).isEqualTo(1);
    assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; refused").doesNotContain("<script>alert(1)");
  }

  @Test
  void laterSamplesAddHistoryAndKeepHealthChecksTheEngineForgot() {
    StackSnapshot earlier = snapshot(NOW.minusSeconds(60), 80, List.of());
    StackSnapshot later = new StackSnapshot(SHOP, NOW, snapshot(NOW, 120, List.of()).status(),
        Map.of("shop-db-1", List.of(probe("shop-db-1", 5, 0, "ok"), probe("shop-db-1", 1, 0, "ok"))),
        snapshot(NOW, 120, List.of()).usage(), List.of(), earlier.lint());
    String page = HtmlReport.render(List.of(earlier, later), 10);
    assertThat(page).contains("<meta http-equiv=\"refresh\" content=\"10\">").contains("2 samples");
    // 3 probes from the first sample, one of them seen again, and one new: 4 in all
    assertThat(count(between(page, "<svg class=\"chart health\"", "</svg>"), "class=\"mark\"")).isEqualTo(4);
    String memory = between(page, "<svg class=\"chart memory\"", "</svg>");
    assertThat(memory).contains("<polyline class=\"mark history\"");
    assertThat(page).contains("120.0 MiB of 256.0 MiB");
  }

  @Test
  void volumesWithoutABackupAndStaleBackupsAreFlagged() {
    LastBackup old = new LastBackup("shop_db-data", Path.of("backups/shop-20261129T020000Z.tar.zst"), NOW.minus(Duration.ofHours(58)), 3L << 20);
    String page = HtmlReport.render(snapshot(NOW, 100, List.of(old)));
    String row = between(page, "<tr data-volume=\"shop_db-data\">", "</tr>");
    assertThat(row).contains("<td class=\"bad\">2 days</td>").contains("shop-20261129T020000Z.tar.zst").contains("3.0 MiB");
    String none = between(HtmlReport.render(snapshot(NOW, 100, List.of())), "<tr data-volume=\"shop_db-data\">", "</tr>");
    assertThat(none).contains("no backup");
  }

  @Test
  void thePageLoadsNothingFromElsewhere() {
    String page = HtmlReport.render(snapshot(NOW, 100, List.of()));
    assertThat(page).doesNotContainPattern("(src|href)=\"").doesNotContain("@import").doesNotContain("url(http");
    assertThat(page).contains("<section id=\"topology\">").contains("<section id=\"lint\">");
  }

  @Test
  void aReportNeedsASnapshot() {
    assertThatThrownBy(() -> HtmlReport.render(List.of(), 0)).hasMessage("a report needs at least one snapshot");
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String between(String text, String start, String end) {
    int i = text.indexOf(start);
    assertThat(i).as("%s in the page", start).isNotNegative();
    return text.substring(i, text.indexOf(end, i) + end.length());
  }
}
