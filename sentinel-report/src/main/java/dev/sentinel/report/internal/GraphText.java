package dev.sentinel.report.internal;

import dev.sentinel.report.StackGraph;
import dev.sentinel.report.StackGraph.Change;
import dev.sentinel.report.StackGraph.Edge;
import dev.sentinel.report.StackGraph.Node;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@link StackGraph} as Mermaid and as Graphviz DOT: the renderer lays it out. */
public final class GraphText {
  private GraphText() {}

  /** Fill and stroke per change, shared with the SVG so the three pictures agree. */
  static final Map<Change, String[]> COLOURS = new EnumMap<>(Map.of(
      Change.UNCHANGED, new String[] {"#f6f8fa", "#57606a"},
      Change.ADDED, new String[] {"#e6ffed", "#2da44e"},
      Change.REMOVED, new String[] {"#ffebe9", "#cf222e"},
      Change.CHANGED, new String[] {"#fff8c5", "#bf8700"}));

  public static String mermaid(StackGraph graph) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    out.append("  %% ").append(graph.title().replace('\n', ' ')).append('\n');
    for (Node n : graph.nodes()) {
      String label = mermaidText(label(n, "<b>", "</b>", "<br/>", "<s>", "</s>"));
      String shape = switch (n.kind()) {
        case SERVICE -> "[\"" + label + "\"]";
        case NETWORK -> "{{\"" + label + "\"}}";
        case VOLUME -> "[(\"" + label + "\")]";
        case SECRET -> ">\"" + label + "\"]";
        case CONFIG -> "[/\"" + label + "\"/]";
      };
      out.append("  ").append(n.id()).append(shape).append('\n');
    }
    List<String> linkStyles = new ArrayList<>();
    for (int i = 0; i < graph.edges().size(); i++) {
      Edge e = graph.edges().get(i);
      String arrow = switch (e.relation()) {
        case NETWORK -> "---";
        case SECRET, CONFIG -> "-.->";
        case DEPENDS_ON -> "==>";
        case VOLUME -> "-->";
      };
      out.append("  ").append(e.from()).append(' ').append(arrow);
      if (!e.label().isEmpty()) {
        out.append("|\"").append(mermaidText(e.label())).append("\"|");
      }
      out.append(' ').append(e.to()).append('\n');
      if (e.change() != Change.UNCHANGED) {
        linkStyles.add("  linkStyle " + i + " stroke:" + COLOURS.get(e.change())[1] + ",stroke-width:2px");
      }
    }
    for (Change c : Change.values()) {
      List<String> ids = graph.nodes().stream().filter(n -> n.change() == c && c != Change.UNCHANGED).map(Node::id).toList();
      if (!ids.isEmpty()) {
        String[] colour = COLOURS.get(c);
        out.append("  classDef ").append(c.name().toLowerCase()).append(" fill:").append(colour[0]).append(",stroke:").append(colour[1])
            .append(c == Change.REMOVED ? ",stroke-dasharray:4 3" : "").append('\n');
        out.append("  class ").append(String.join(",", ids)).append(' ').append(c.name().toLowerCase()).append('\n');
      }
    }
    linkStyles.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  public static String dot(StackGraph graph) {
    StringBuilder out = new StringBuilder("digraph ").append(dotString(graph.stack())).append(" {\n");
    out.append("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=").append(dotString(graph.title())).append("];\n");
    out.append("  node [fontname=\"Helvetica\", fontsize=11, style=\"filled\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (Node n : graph.nodes()) {
      String shape = switch (n.kind()) {
        case SERVICE -> "box";
        case NETWORK -> "hexagon";
        case VOLUME -> "cylinder";
        case SECRET -> "note";
        case CONFIG -> "tab";
      };
      String[] colour = COLOURS.get(n.change());
      out.append("  ").append(n.id()).append(" [shape=").append(shape)
          .append(", style=\"filled").append(n.kind() == StackGraph.Kind.SERVICE ? ",rounded" : "")
          .append(n.change() == Change.REMOVED ? ",dashed" : "").append('"')
          .append(", fillcolor=\"").append(colour[0]).append("\", color=\"").append(colour[1]).append('"')
          .append(", label=<").append(label(n, "<B>", "</B>", "<BR/>", "<S>", "</S>")).append(">];\n");
    }
    for (Edge e : graph.edges()) {
      out.append("  ").append(e.from()).append(" -> ").append(e.to()).append(" [");
      List<String> attributes = new ArrayList<>();
      switch (e.relation()) {
        case NETWORK -> attributes.add("arrowhead=none");
        case SECRET, CONFIG -> attributes.add("style=dashed");
        case DEPENDS_ON -> attributes.add("penwidth=2");
        case VOLUME -> { }
      }
      if (!e.label().isEmpty()) {
        attributes.add("label=" + dotString(e.label()));
      }
      if (e.change() != Change.UNCHANGED) {
        attributes.add("color=\"" + COLOURS.get(e.change())[1] + "\"");
      }
      out.append(String.join(", ", attributes)).append("];\n");
    }
    return out.append("}\n").toString();
  }

  /** Name in bold, then the details, then what a changed node was (struck through), as HTML-like markup. */
  private static String label(Node n, String bold, String unbold, String br, String strike, String unstrike) {
    StringBuilder label = new StringBuilder(bold).append(Html.escape(n.name())).append(unbold);
    String kind = n.kind() == StackGraph.Kind.SERVICE ? "" : " " + n.kind().name().toLowerCase();
    label.append(Html.escape(kind));
    for (String d : n.details()) {
      label.append(br).append(Html.escape(d));
    }
    for (String w : n.was()) {
      label.append(br).append(strike).append(Html.escape(w)).append(unstrike);
    }
    if (n.change() == Change.ADDED || n.change() == Change.REMOVED) {
      label.append(br).append(n.change() == Change.ADDED ? "(added)" : "(removed)");
    }
    return label.toString();
  }

  /** Mermaid takes entity codes inside quoted labels; a double quote would end the label. */
  private static String mermaidText(String text) {
    return text.replace("\"", "#quot;");
  }

  private static String dotString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
