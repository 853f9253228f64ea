package dev.sentinel.report;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sentinel.report.internal.DashboardFiles;
import java.util.List;
import java.util.Optional;

/**
 * Panels of PromQL queries, written out as a Prometheus console template (served by Prometheus
 * itself at {@code /consoles/<file>}, no other image needed) and as a Grafana dashboard, so both
 * show the same panels. Generate it from the same list the alert rules come from, and an alert
 * never watches a metric no dashboard shows.
 *
 * <pre>{@code
 * Dashboard d = Dashboard.of("Shop", List.of(
 *     Panel.of("Targets up", "up", Unit.NUMBER, 1, "job", "instance"),
 *     Panel.of("Memory against limit", "process_resident_memory_bytes / on(job) memory_limit_bytes", Unit.RATIO, 1, "job")
 *         .withProblemAbove(0.9)));
 * s.config("console", c -> c.content(d.toPrometheusConsole()));
 * }</pre>
 *
 * @param title the dashboard's title
 * @param panels in display order
 */
public record Dashboard(String title, List<Panel> panels) {
  public Dashboard {
    checkNotNull(title, "title");
    panels = ImmutableList.copyOf(panels);
    checkArgument(!panels.isEmpty(), "dashboard \"%s\" has no panels", title);
  }

  public static Dashboard of(String title, List<Panel> panels) {
    return new Dashboard(title, panels);
  }

  /**
   * A console template (Go {@code html/template} with Prometheus's query functions): per panel a
   * table of the query's series, each with its value and a bar against the panel's scale. Drawn on
   * the server; the page has no script and loads nothing else.
   */
  public String toPrometheusConsole() {
    return DashboardFiles.console(this);
  }

  /** A Grafana dashboard (JSON model, schema 39), one time-series panel per panel, for the default Prometheus data source. */
  public String toGrafanaJson() {
    return DashboardFiles.grafana(this);
  }

  /** How a panel's values read. */
  public enum Unit {
    /** A plain number. */
    NUMBER,
    /** Bytes, shown in KiB, MiB, GiB. */
    BYTES,
    /** Seconds, shown as a duration. */
    SECONDS,
    /** A share, shown as a percentage. */
    RATIO
  }

  /**
   * One query and how to show it.
   *
   * @param title the panel's title
   * @param query the PromQL query
   * @param unit how its values read
   * @param scale the value a full bar stands for (e.g. 1 for a ratio, the alert threshold's neighbourhood otherwise)
   * @param labels the labels that name a series, shown as columns, e.g. {@code job}, {@code instance}
   * @param threshold where the value becomes a problem, drawn as a line on the bar and as Grafana's red step
   * @param problemBelow whether values below the threshold are the problem (e.g. targets up), rather than above it
   */
  public record Panel(String title, String query, Unit unit, double scale, List<String> labels, Optional<Double> threshold,
      boolean problemBelow) {
    public Panel {
      checkNotNull(title, "title");
      checkArgument(!query.isBlank(), "panel \"%s\" has no query", title);
      checkNotNull(unit, "unit");
      checkArgument(scale > 0, "panel \"%s\": scale must be positive, got %s", title, scale);
      labels = ImmutableList.copyOf(labels);
      labels.forEach(l -> checkArgument(l.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "panel \"%s\": %s is not a label name", title, l));
      checkNotNull(threshold, "threshold");
    }

    public static Panel of(String title, String query, Unit unit, double scale, String... labels) {
      return new Panel(title, query, unit, scale, List.of(labels), Optional.empty(), false);
    }

    /** The same panel, where a value above {@code threshold} is a problem (memory share, heartbeat age). */
    public Panel withProblemAbove(double threshold) {
      return new Panel(title, query, unit, scale, labels, Optional.of(threshold), false);
    }

    /** The same panel, where a value below {@code threshold} is a problem (targets up, agents alive). */
    public Panel withProblemBelow(double threshold) {
      return new Panel(title, query, unit, scale, labels, Optional.of(threshold), true);
    }
  }
}
