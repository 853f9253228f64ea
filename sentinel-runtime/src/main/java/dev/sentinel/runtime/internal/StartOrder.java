package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services in an order where each comes after those it depends on (dependencies outside {@code services} are ignored). */
public final class StartOrder {
  private StartOrder() {}

  public static List<Service> of(Map<String, Service> services) {
    List<Service> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (ordered.size() < services.size()) {
      int before = ordered.size();
      for (Service s : services.values()) {
        if (!placed.contains(s.name()) && s.lifecycle().dependsOn().keySet().stream().allMatch(d -> placed.contains(d) || !services.containsKey(d))) {
          ordered.add(s);
          placed.add(s.name());
        }
      }
      if (ordered.size() == before) {
        throw new IllegalStateException("the services' dependencies form a cycle among: "
            + services.keySet().stream().filter(n -> !placed.contains(n)).toList());
      }
    }
    return ordered;
  }
}
