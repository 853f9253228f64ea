package dev.sentinel.report.internal;

import dev.sentinel.runtime.HealthProbe;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Small inline SVG charts for the HTML report. Every chart is an {@code <svg class="chart ...">}
 * whose data marks carry {@code class="mark"}, so a page can be checked for empty charts.
 */
public final class Charts {
  private static final String PASS = "#2da44e";
  private static final String FAIL = "#cf222e";

  private Charts() {}

  /** One square per health check, oldest left: green passed, red failed; hovering shows when, how long and the output. */
  public static String healthStrip(List<HealthProbe> probes) {
    int size = 14;
    int width = Math.max(1, probes.size()) * (size + 3);
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"chart health\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"last %d health checks\">", width, size, probes.size()));
    for (int i = 0; i < probes.size(); i++) {
      HealthProbe p = probes.get(i);
      String output = p.output().length() > 200 ? p.output().substring(0, 200) + "…" : p.output();
      svg.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" rx=\"2\" fill=\"%s\"><title>%s: exit %d in %d ms%s</title></rect>",
          i * (size + 3), size, size, p.passed() ? PASS : FAIL, p.start(), p.exitCode(), p.duration().toMillis(),
          Html.escape(output.isEmpty() ? "" : " — " + output)));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * A bar of {@code value} against {@code scale} (the limit, when there is one), a tick at the
   * reservation, and, with more than one sample, the samples as a line over the bar.
   */
  public static String usageBar(String kind, double value, Optional<Double> limit, Optional<Double> reservation, List<Double> samples,
      String caption) {
    int width = 160;
    int height = 18;
    double largest = Math.max(limit.orElse(0.0), Math.max(value, samples.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    double scale = largest <= 0 ? 1 : largest;
    double share = Math.min(1, value / scale);
    String colour = limit.isPresent() && share > 0.9 ? FAIL : limit.isPresent() && share > 0.75 ? "#bf8700" : "#0969da";
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"chart %s\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">", kind, width, height, Html.escape(caption)));
    svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"2\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#eaeef2\"%s/>", width, height - 4,
        limit.isPresent() ? " stroke=\"#8c959f\"" : ""));
    // A value of 0 is data too: the mark stays visible as a sliver.
    svg.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"0\" y=\"2\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"><title>%s</title></rect>",
        Math.max(1.5, share * width), height - 4, colour, Html.escape(caption)));
    reservation.filter(r -> r > 0 && r <= scale * 1.0001).ifPresent(r -> svg.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" stroke=\"#24292f\" stroke-width=\"2\"><title>reservation</title></line>",
        r / scale * width, r / scale * width, height)));
    if (samples.size() > 1) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < samples.size(); i++) {
        double x = (double) i / (samples.size() - 1) * width;
        double y = height - 2 - Math.min(1, samples.get(i) / scale) * (height - 4);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append("<polyline class=\"mark history\" fill=\"none\" stroke=\"#24292f\" stroke-width=\"1.2\" points=\"")
          .append(points.toString().strip()).append("\"/>");
    }
    return svg.append("</svg>").toString();
  }

  /** {@code <time>} that the page's script turns into "3 min ago"; the text is the instant itself. */
  public static String time(Instant at) {
    return "<time datetime=\"" + at + "\">" + at + "</time>";
  }
}
