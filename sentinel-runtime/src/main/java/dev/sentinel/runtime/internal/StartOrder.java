package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.Service;
import java.util.ArrayList;
import java.util.HashMap;
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

  /**
   * For each service, how many services the longest chain of those waiting on it holds: 0 for one
   * nothing waits for, 2 for a database an API waits for that a gateway waits for. Dependencies
   * outside {@code services} are ignored; links and {@code volumes_from} count as waiting.
   */
  public static Map<String, Integer> dependentChains(Map<String, Service> services) {
    Map<String, Set<String>> waitingOn = new HashMap<>();
    for (Service s : services.values()) {
      Set<String> waitedOn = new HashSet<>(s.lifecycle().dependsOn().keySet());
      waitedOn.addAll(s.implicitDependencies());
      waitedOn.stream().filter(services::containsKey).forEach(d -> waitingOn.computeIfAbsent(d, k -> new HashSet<>()).add(s.name()));
    }
    Map<String, Integer> chains = new HashMap<>();
    services.keySet().forEach(name -> chain(name, waitingOn, chains, new HashSet<>()));
    return chains;
  }

  private static int chain(String service, Map<String, Set<String>> waitingOn, Map<String, Integer> chains, Set<String> onPath) {
    Integer known = chains.get(service);
    if (known != null) {
      return known;
    }
    if (!onPath.add(service)) {
      return 0; // a cycle (validation refuses them): it must not loop here
    }
    int longest = 0;
    for (String dependent : waitingOn.getOrDefault(service, Set.of())) {
      longest = Math.max(longest, 1 + chain(dependent, waitingOn, chains, onPath));
    }
    onPath.remove(service);
    chains.put(service, longest);
    return longest;
  }
}
