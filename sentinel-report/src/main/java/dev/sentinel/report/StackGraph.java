package dev.sentinel.report;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.report.internal.GraphBuilder;
import dev.sentinel.report.internal.GraphSvg;
import dev.sentinel.report.internal.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * A stack's topology: services (image, replicas, health check, published ports), the networks,
 * volumes, secrets and configs they use, and {@code depends_on} edges with their condition. Drawn
 * as Mermaid (renders in GitHub and GitLab markdown), Graphviz DOT, or a self-contained SVG laid out
 * here (no external program needed).
 *
 * <pre>{@code
 * StackGraph graph = StackGraph.of(stack.resolve("production"));
 * Files.writeString(Path.of("topology.md"), "```mermaid\n" + graph.toMermaid() + "```\n");
 * // what production changes against development, on one picture:
 * StackGraph diff = StackGraph.compare(stack.resolve("development"), stack.resolve("production"));
 * }</pre>
 *
 * @param stack the stack's name
 * @param title what the picture shows, e.g. {@code ats-sentinel (production)} or {@code
 *     ats-sentinel: development → production}
 * @param nodes services first (in start order), then networks, volumes, secrets and configs
 * @param edges from a service to what it uses or depends on
 */
public record StackGraph(String stack, String title, List<Node> nodes, List<Edge> edges) {
  public StackGraph {
    checkNotNull(stack, "stack");
    checkNotNull(title, "title");
    nodes = ImmutableList.copyOf(nodes);
    edges = ImmutableList.copyOf(edges);
    for (Edge e : edges) {
      checkArgument(node(nodes, e.from()).isPresent() && node(nodes, e.to()).isPresent(), "edge %s -> %s joins unknown nodes", e.from(), e.to());
    }
  }

  /** The topology of one resolved environment. */
  public static StackGraph of(StackSpec spec) {
    return GraphBuilder.of(spec);
  }

  /**
   * Both environments on one picture: what only {@code after} has is {@link Change#ADDED}, what only
   * {@code before} has is {@link Change#REMOVED}, a node whose details differ is {@link
   * Change#CHANGED} and lists what it was.
   */
  public static StackGraph compare(StackSpec before, StackSpec after) {
    return GraphBuilder.compare(before, after);
  }

  /** The node with this ID, if any. */
  public Optional<Node> node(String id) {
    return node(nodes, id);
  }

  /** The graph as a Mermaid flowchart (left to right), without the surrounding code fence. */
  public String toMermaid() {
    return GraphText.mermaid(this);
  }

  /** The graph in Graphviz's DOT language. */
  public String toDot() {
    return GraphText.dot(this);
  }

  /** The graph as a standalone SVG document, laid out by Sentinel: dependencies left of their dependents. */
  public String toSvg() {
    return GraphSvg.render(this);
  }

  private static Optional<Node> node(List<Node> nodes, String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** What a node stands for. */
  public enum Kind { SERVICE, NETWORK, VOLUME, SECRET, CONFIG }

  /** What an edge stands for. */
  public enum Relation { DEPENDS_ON, NETWORK, VOLUME, SECRET, CONFIG }

  /** How a node or edge differs between two environments; {@code UNCHANGED} in a single-environment graph. */
  public enum Change { UNCHANGED, ADDED, REMOVED, CHANGED }

  /**
   * One thing in the stack.
   *
   * @param id unique in the graph, safe in Mermaid and DOT: letters, digits and {@code _}
   * @param kind what it is
   * @param name its name in the stack
   * @param details short lines shown under the name, e.g. {@code image ats/redis:1.0}
   * @param was for a changed node, the details it had before that it no longer has
   * @param change how it differs between the compared environments
   */
  public record Node(String id, Kind kind, String name, List<String> details, List<String> was, Change change) {
    public Node {
      checkArgument(id.matches("[A-Za-z][A-Za-z0-9_]*"), "node id %s is not an identifier", id);
      checkNotNull(kind, "kind");
      checkNotNull(name, "name");
      details = ImmutableList.copyOf(details);
      was = ImmutableList.copyOf(was);
      checkNotNull(change, "change");
    }
  }

  /**
   * A service using, or depending on, another node.
   *
   * @param from the service's node ID
   * @param to the used node's ID
   * @param relation what the use is
   * @param label e.g. the condition {@code service_healthy}, or the mount path; may be empty
   * @param change how it differs between the compared environments
   */
  public record Edge(String from, String to, Relation relation, String label, Change change) {
    public Edge {
      checkNotNull(from, "from");
      checkNotNull(to, "to");
      checkNotNull(relation, "relation");
      checkNotNull(label, "label");
      checkNotNull(change, "change");
    }
  }
}
