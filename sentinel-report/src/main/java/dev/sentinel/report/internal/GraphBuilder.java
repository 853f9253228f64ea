package dev.sentinel.report.internal;

import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.HealthCheck;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.report.StackGraph;
import dev.sentinel.report.StackGraph.Change;
import dev.sentinel.report.StackGraph.Edge;
import dev.sentinel.report.StackGraph.Kind;
import dev.sentinel.report.StackGraph.Node;
import dev.sentinel.report.StackGraph.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link StackGraph}s from resolved stacks, and compares two. */
public final class GraphBuilder {
  private GraphBuilder() {}

  public static StackGraph of(StackSpec spec) {
    Parts parts = parts(spec);
    return new StackGraph(spec.name(), spec.name() + spec.environment().map(e -> " (" + e + ")").orElse(""),
        parts.nodes.values().stream().map(p -> p.node(Change.UNCHANGED, List.of())).toList(),
        parts.edges.values().stream().map(e -> e.edge(Change.UNCHANGED)).toList());
  }

  public static StackGraph compare(StackSpec before, StackSpec after) {
    Parts old = parts(before);
    Parts now = parts(after);
    List<Node> nodes = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>(now.nodes.keySet());
    keys.addAll(old.nodes.keySet());
    for (String key : keys) {
      PartNode was = old.nodes.get(key);
      PartNode is = now.nodes.get(key);
      if (was == null) {
        nodes.add(is.node(Change.ADDED, List.of()));
      } else if (is == null) {
        nodes.add(was.node(Change.REMOVED, List.of()));
      } else if (was.details.equals(is.details)) {
        nodes.add(is.node(Change.UNCHANGED, List.of()));
      } else {
        nodes.add(is.node(Change.CHANGED, was.details.stream().filter(d -> !is.details.contains(d)).toList()));
      }
    }
    List<Edge> edges = new ArrayList<>();
    Set<String> edgeKeys = new LinkedHashSet<>(now.edges.keySet());
    edgeKeys.addAll(old.edges.keySet());
    for (String key : edgeKeys) {
      PartEdge was = old.edges.get(key);
      PartEdge is = now.edges.get(key);
      edges.add(was == null ? is.edge(Change.ADDED) : is == null ? was.edge(Change.REMOVED)
          : is.edge(was.label.equals(is.label) ? Change.UNCHANGED : Change.CHANGED));
    }
    String environments = before.environment().orElse("base") + " → " + after.environment().orElse("base");
    return new StackGraph(after.name(), after.name() + ": " + environments, nodes, edges);
  }

  /** A node before it is given a change: its ID comes from its kind and name, so both sides agree. */
  private record PartNode(String id, Kind kind, String name, List<String> details) {
    Node node(Change change, List<String> was) {
      return new Node(id, kind, name, details, was, change);
    }
  }

  private record PartEdge(String from, String to, Relation relation, String label) {
    Edge edge(Change change) {
      return new Edge(from, to, relation, label, change);
    }
  }

  /** Nodes by kind and name, edges by ends and relation, in a stable order. */
  private static final Map<Kind, String> PREFIX = Map.of(Kind.SERVICE, "svc", Kind.NETWORK, "net", Kind.VOLUME, "vol", Kind.SECRET, "sec", Kind.CONFIG, "cfg");

  private static final class Parts {
    final Map<String, PartNode> nodes = new LinkedHashMap<>();
    final Map<String, PartEdge> edges = new LinkedHashMap<>();
    final Map<String, String> ids = new HashMap<>();
    final Set<String> usedIds = new HashSet<>();

    String id(Kind kind, String name) {
      return ids.computeIfAbsent(kind + "/" + name, k -> {
        String base = PREFIX.get(kind) + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
        String id = base;
        for (int i = 2; !usedIds.add(id); i++) {
          id = base + "_" + i;
        }
        return id;
      });
    }

    void node(Kind kind, String name, List<String> details) {
      nodes.putIfAbsent(kind + "/" + name, new PartNode(id(kind, name), kind, name, List.copyOf(details)));
    }

    void edge(String service, Kind kind, String name, Relation relation, String label) {
      node(kind, name, List.of("not declared in the stack"));
      String from = id(Kind.SERVICE, service);
      String to = id(kind, name);
      edges.putIfAbsent(from + ">" + to + ">" + relation + ">" + label, new PartEdge(from, to, relation, label));
    }
  }

  private static Parts parts(StackSpec spec) {
    Parts parts = new Parts();
    List<Service> services = StartOrder.of(spec.services());
    for (Service s : services) {
      parts.node(Kind.SERVICE, s.name(), serviceDetails(s));
    }
    spec.networks().forEach((name, n) -> parts.node(Kind.NETWORK, name, networkDetails(n)));
    spec.volumes().forEach((name, v) -> parts.node(Kind.VOLUME, name,
        v.external() ? List.of("external") : v.driver().map(d -> List.of("driver " + d)).orElse(List.of())));
    spec.secrets().forEach((name, x) -> parts.node(Kind.SECRET, name, List.of(sourceName(x.source()))));
    spec.configs().forEach((name, c) -> parts.node(Kind.CONFIG, name, List.of(sourceName(c.source()))));
    for (Service s : services) {
      s.lifecycle().dependsOn().forEach((target, d) -> parts.edge(s.name(), Kind.SERVICE, target, Relation.DEPENDS_ON, d.condition().composeName()));
      if (s.networking().networkMode().isEmpty()) {
        if (s.networking().networks().isEmpty()) {
          parts.node(Kind.NETWORK, "default", List.of("implicit"));
          parts.edge(s.name(), Kind.NETWORK, "default", Relation.NETWORK, "");
        }
        s.networking().networks().keySet().forEach(n -> parts.edge(s.name(), Kind.NETWORK, n, Relation.NETWORK, ""));
      }
      for (Mount m : s.storage().mounts()) {
        if (m instanceof Mount.VolumeMount v && !v.isAnonymous()) {
          parts.edge(s.name(), Kind.VOLUME, v.source(), Relation.VOLUME, m.target() + (m.readOnly() ? " (ro)" : ""));
        }
      }
      for (FileMount f : s.storage().secrets()) {
        parts.edge(s.name(), Kind.SECRET, f.source(), Relation.SECRET, f.target());
      }
      for (FileMount f : s.storage().configs()) {
        parts.edge(s.name(), Kind.CONFIG, f.source(), Relation.CONFIG, f.target());
      }
    }
    return parts;
  }

  private static List<String> serviceDetails(Service s) {
    List<String> details = new ArrayList<>();
    details.add("image " + s.imageSource().image().map(Object::toString).orElse(s.imageSource().build().map(b -> "built from " + b.context()).orElse("none")));
    if (s.deploy().replicas() != 1) {
      details.add("replicas " + s.deploy().replicas());
    }
    details.add(s.lifecycle().healthCheck().filter(h -> !h.isDisabled()).map(GraphBuilder::health).orElse("no health check"));
    for (PortMapping p : s.networking().ports()) {
      details.add("port " + port(p));
    }
    s.networking().expose().forEach(e -> details.add("expose " + e));
    s.networking().networkMode().ifPresent(m -> details.add("network mode " + m));
    s.storage().mounts().stream().filter(m -> m instanceof Mount.VolumeMount v && v.isAnonymous()).forEach(m -> details.add("anonymous volume " + m.target()));
    s.storage().mounts().stream().filter(m -> m instanceof Mount.BindMount).forEach(m -> details.add("host path " + ((Mount.BindMount) m).source() + " → " + m.target()));
    if (!s.profiles().isEmpty()) {
      details.add("profiles " + String.join(", ", s.profiles()));
    }
    return details;
  }

  /** {@code 127.0.0.1:8080 → 8080/tcp}; an unpublished port is only its target. */
  private static String port(PortMapping p) {
    String target = p.target() + "/" + p.protocol().value();
    if (p.published().isEmpty()) {
      return target;
    }
    String ip = p.hostIp().isEmpty() ? "" : (p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp()) + ":";
    return ip + p.published().get() + " → " + target;
  }

  private static String health(HealthCheck h) {
    String every = h.interval().map(d -> "every " + Durations.format(d)).orElse("engine's interval");
    return "health check " + every + h.retries().map(r -> ", " + r + " retries").orElse("");
  }

  private static List<String> networkDetails(Network n) {
    List<String> details = new ArrayList<>();
    if (n.internal()) {
      details.add("internal");
    }
    if (n.external()) {
      details.add("external");
    }
    n.driver().ifPresent(d -> details.add("driver " + d));
    return details;
  }

  /** The kind of a secret's or config's source, never its value. */
  private static String sourceName(Object source) {
    if (source instanceof Secret.Source.Generated) {
      return "generated";
    }
    if (source instanceof Secret.Source.FromEnvironment) {
      return "from the environment";
    }
    if (source instanceof Secret.Source.FromFile || source instanceof Config.Source.FromFile) {
      return "from a file";
    }
    if (source instanceof Config.Source.Content) {
      return "inline content";
    }
    return "external";
  }
}
