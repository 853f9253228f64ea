package dev.sentinel.report.internal;

import dev.sentinel.dsl.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services in start order, and each one's rank: 0 without dependencies, else one more than its deepest dependency. */
final class StartOrder {
  private StartOrder() {}

  static List<Service> of(Map<String, Service> services) {
    Map<String, Integer> ranks = ranks(services);
    List<Service> ordered = new ArrayList<>(services.values());
    // Stable: equal ranks keep the definition's order.
    ordered.sort(Comparator.comparing(s -> ranks.get(s.name())));
    return ordered;
  }

  static Map<String, Integer> ranks(Map<String, Service> services) {
    Map<String, Integer> ranks = new HashMap<>();
    services.keySet().forEach(name -> rank(name, services, ranks, 0));
    return ranks;
  }

  private static int rank(String name, Map<String, Service> services, Map<String, Integer> ranks, int depth) {
    Integer known = ranks.get(name);
    if (known != null) {
      return known;
    }
    Service s = services.get(name);
    // A dependency outside the enabled services, or a cycle (validation refuses those), ranks 0.
    if (s == null || depth > services.size()) {
      return -1;
    }
    int rank = 0;
    for (String dependency : s.lifecycle().dependsOn().keySet()) {
      rank = Math.max(rank, rank(dependency, services, ranks, depth + 1) + 1);
    }
    ranks.put(name, rank);
    return rank;
  }
}
