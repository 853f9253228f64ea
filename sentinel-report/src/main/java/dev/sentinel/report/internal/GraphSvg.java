package dev.sentinel.report.internal;

import dev.sentinel.report.StackGraph;
import dev.sentinel.report.StackGraph.Change;
import dev.sentinel.report.StackGraph.Edge;
import dev.sentinel.report.StackGraph.Kind;
import dev.sentinel.report.StackGraph.Node;
import dev.sentinel.report.StackGraph.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays a {@link StackGraph} out in columns and draws it as SVG. Services stand in columns by
 * dependency rank, dependents left of what they depend on, so every {@code depends_on} arrow points
 * right; volumes, secrets and configs stand in a last column; networks are coloured chips on the
 * services that join them, with a legend (internal networks dashed). Deterministic: the same graph
 * draws the same bytes, and no text is measured by a font engine (widths are estimated generously).
 */
public final class GraphSvg {
  private static final int PAD = 10;
  private static final int LINE = 16;
  private static final int GAP_X = 90;
  private static final int GAP_Y = 18;
  private static final int CHIP = 18;
  private static final double CHAR = 7.0;
  private static final String[] NETWORK_COLOURS = {"#0969da", "#8250df", "#1a7f37", "#bc4c00", "#bf3989", "#0a7ea4", "#6e7781"};

  private GraphSvg() {}

  /** A node's box. */
  private record Box(Node node, double x, double y, double w, double h) {}

  public static String render(StackGraph graph) {
    Map<String, List<Edge>> networksOf = new HashMap<>();
    Map<String, String> networkColour = new LinkedHashMap<>();
    for (Node n : graph.nodes()) {
      if (n.kind() == Kind.NETWORK) {
        networkColour.put(n.id(), NETWORK_COLOURS[networkColour.size() % NETWORK_COLOURS.length]);
      }
    }
    for (Edge e : graph.edges()) {
      if (e.relation() == Relation.NETWORK) {
        networksOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
      }
    }
    List<List<Node>> columns = columns(graph);
    Map<String, Box> boxes = new LinkedHashMap<>();
    double x = PAD * 2;
    double height = 0;
    for (List<Node> column : columns) {
      double w = column.stream().mapToDouble(n -> width(n, networksOf.getOrDefault(n.id(), List.of()), graph)).max().orElse(0);
      double y = 50;
      for (Node n : column) {
        double h = height(n, networksOf.containsKey(n.id()));
        boxes.put(n.id(), new Box(n, x, y, w, h));
        y += h + GAP_Y;
      }
      height = Math.max(height, y);
      x += w + GAP_X;
    }
    List<Node> networks = graph.nodes().stream().filter(n -> n.kind() == Kind.NETWORK).toList();
    double legendY = height + 10;
    double width = Math.max(x - GAP_X + PAD * 2, 320);
    double total = legendY + 24 + networks.size() * LINE + PAD;

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"topology\" width=\"%.0f\" height=\"%.0f\""
        + " viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n", width, total, width, total));
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#24292f\"/></marker></defs>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", PAD * 2, Html.escape(graph.title())));
    for (Edge e : graph.edges()) {
      if (e.relation() != Relation.NETWORK) {
        edge(svg, e, boxes.get(e.from()), boxes.get(e.to()));
      }
    }
    for (Box b : boxes.values()) {
      box(svg, b, networksOf.getOrDefault(b.node().id(), List.of()), networkColour, graph);
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" font-weight=\"bold\">Networks</text>%n", PAD * 2, legendY + 12));
    double y = legendY + 24;
    for (Node n : networks) {
      String colour = networkColour.get(n.id());
      boolean internal = n.details().contains("internal");
      svg.append(String.format(Locale.ROOT, "<rect class=\"network\" data-name=\"%s\" x=\"%d\" y=\"%.0f\" width=\"26\" height=\"11\" rx=\"5\" fill=\"%s\" fill-opacity=\"0.15\""
          + " stroke=\"%s\"%s/>%n", Html.escape(n.name()), PAD * 2, y - 9, colour, colour, internal ? " stroke-dasharray=\"3 2\"" : ""));
      String details = n.details().isEmpty() ? "" : " (" + String.join(", ", n.details()) + ")";
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\"%s>%s%s%s</text>%n", PAD * 2 + 34, y, fill(n.change()),
          Html.escape(n.name()), Html.escape(details), changeNote(n.change())));
      y += LINE;
    }
    return svg.append("</svg>\n").toString();
  }

  /** Service columns by rank (highest rank, the most dependent, first), then one column for volumes, secrets and configs. */
  private static List<List<Node>> columns(StackGraph graph) {
    Map<String, Integer> rank = new HashMap<>();
    List<Node> services = graph.nodes().stream().filter(n -> n.kind() == Kind.SERVICE).toList();
    services.forEach(s -> rank.put(s.id(), 0));
    // Longest path over depends_on edges; at most one pass per service (validation refuses cycles).
    for (int pass = 0; pass < services.size(); pass++) {
      boolean changed = false;
      for (Edge e : graph.edges()) {
        if (e.relation() == Relation.DEPENDS_ON && rank.containsKey(e.from()) && rank.containsKey(e.to()) && rank.get(e.from()) <= rank.get(e.to())) {
          rank.put(e.from(), rank.get(e.to()) + 1);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    int max = rank.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<List<Node>> columns = new ArrayList<>();
    for (int r = max; r >= 0; r--) {
      int wanted = r;
      List<Node> column = services.stream().filter(s -> rank.get(s.id()) == wanted).toList();
      if (!column.isEmpty()) {
        columns.add(column);
      }
    }
    List<Node> used = graph.nodes().stream().filter(n -> n.kind() == Kind.VOLUME || n.kind() == Kind.SECRET || n.kind() == Kind.CONFIG).toList();
    if (!used.isEmpty()) {
      columns.add(used);
    }
    return columns;
  }

  private static List<String> lines(Node n) {
    List<String> lines = new ArrayList<>();
    if (n.kind() != Kind.SERVICE) {
      lines.add(n.kind().name().toLowerCase());
    }
    lines.addAll(n.details());
    return lines;
  }

  private static double width(Node n, List<Edge> networks, StackGraph graph) {
    double text = (n.name().length() + changeNote(n.change()).length() + 2) * CHAR * 1.15;
    for (String line : lines(n)) {
      text = Math.max(text, line.length() * CHAR);
    }
    for (String line : n.was()) {
      text = Math.max(text, (line.length() + 5) * CHAR);
    }
    double chips = 0;
    for (Edge e : networks) {
      chips += graph.node(e.to()).map(net -> net.name().length() * 6.2 + 14).orElse(0.0) + 4;
    }
    return Math.ceil(Math.max(Math.max(text, chips), 120) + 2 * PAD);
  }

  private static double height(Node n, boolean hasNetworks) {
    int rows = 1 + lines(n).size() + n.was().size();
    return PAD * 2 + rows * LINE + (hasNetworks ? CHIP + 4 : 0);
  }

  private static void box(StringBuilder svg, Box b, List<Edge> networks, Map<String, String> networkColour, StackGraph graph) {
    Node n = b.node();
    String[] colour = GraphText.COLOURS.get(n.change());
    double radius = n.kind() == Kind.SERVICE ? 6 : n.kind() == Kind.VOLUME ? 14 : 2;
    svg.append(String.format(Locale.ROOT, "<g class=\"node %s %s\" data-name=\"%s\">%n", n.kind().name().toLowerCase(), n.change().name().toLowerCase(),
        Html.escape(n.name())));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" rx=\"%.0f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
        b.x(), b.y(), b.w(), b.h(), radius, colour[0], colour[1], n.change() == Change.REMOVED ? " stroke-dasharray=\"5 3\"" : ""));
    double y = b.y() + PAD + 12;
    svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" font-weight=\"bold\" font-size=\"13\">%s%s</text>%n", b.x() + PAD, y,
        Html.escape(n.name()), changeNote(n.change())));
    for (String line : lines(n)) {
      y += LINE;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#3d444d\">%s</text>%n", b.x() + PAD, y, Html.escape(line)));
    }
    for (String line : n.was()) {
      y += LINE;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" fill=\"%s\" text-decoration=\"line-through\">was %s</text>%n", b.x() + PAD, y,
          GraphText.COLOURS.get(Change.REMOVED)[1], Html.escape(line)));
    }
    double chipX = b.x() + PAD;
    double chipY = b.y() + b.h() - PAD - CHIP;
    for (Edge e : networks) {
      Node net = graph.node(e.to()).orElseThrow();
      // A network the service joins or leaves between the compared environments takes the change's colour.
      String c = e.change() == Change.UNCHANGED ? networkColour.get(e.to()) : GraphText.COLOURS.get(e.change())[1];
      double w = net.name().length() * 6.2 + 14;
      svg.append(String.format(Locale.ROOT, "<rect class=\"chip %s\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"9\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"%s\"%s/>"
          + "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"%s\"%s>%s</text>%n", e.change().name().toLowerCase(), chipX, chipY, w, CHIP, c, c,
          net.details().contains("internal") ? " stroke-dasharray=\"3 2\"" : "", chipX + 7, chipY + 13, c,
          e.change() == Change.REMOVED ? " text-decoration=\"line-through\"" : "", Html.escape(net.name())));
      chipX += w + 4;
    }
    svg.append("</g>\n");
  }

  private static void edge(StringBuilder svg, Edge e, Box from, Box to) {
    double x1 = from.x() + from.w();
    double y1 = from.y() + Math.min(from.h() / 2, 24);
    double x2 = to.x();
    double y2 = to.y() + Math.min(to.h() / 2, 24);
    double bend = Math.max(30, (x2 - x1) / 2);
    boolean dependency = e.relation() == Relation.DEPENDS_ON;
    String colour = e.change() != Change.UNCHANGED ? GraphText.COLOURS.get(e.change())[1] : dependency ? "#24292f" : "#8c959f";
    String dash = e.relation() == Relation.SECRET || e.relation() == Relation.CONFIG ? " stroke-dasharray=\"4 3\"" : "";
    svg.append(String.format(Locale.ROOT, "<path class=\"edge %s\" d=\"M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s%s/>%n",
        e.relation().name().toLowerCase().replace('_', '-'), x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2, colour, dependency ? "2" : "1", dash,
        dependency ? " marker-end=\"url(#arrow)\"" : ""));
    if (dependency && !e.label().isEmpty()) {
      double lx = (x1 + x2) / 2;
      double ly = (y1 + y2) / 2 - 4;
      svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"3\""
          + " paint-order=\"stroke\">%s</text>%n", lx, ly, colour, Html.escape(e.label())));
    }
  }

  private static String fill(Change change) {
    return change == Change.UNCHANGED ? "" : " fill=\"" + GraphText.COLOURS.get(change)[1] + "\"";
  }

  private static String changeNote(Change change) {
    return switch (change) {
      case UNCHANGED -> "";
      case ADDED -> " (added)";
      case REMOVED -> " (removed)";
      case CHANGED -> " (changed)";
    };
  }
}
