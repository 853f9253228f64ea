package dev.sentinel.dsl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code depends_on} rules: no self-dependency, no cycle (links and {@code volumes_from} count as dependencies, as they
 * order starts), {@code healthy} only on a checked service.
 */
final class DependencyRules {
  private DependencyRules() {}

  static void check(StackSpec spec, List<Problem> problems) {
    for (Service s : spec.services().values()) {
      for (Dependency d : s.lifecycle().dependsOn().values()) {
        String path = "services." + s.name() + ".depends_on." + d.service();
        Service target = spec.services().get(d.service());
        if (d.service().equals(s.name())) {
          problems.add(new Problem(path, "a service cannot depend on itself"));
        } else if (target != null && d.condition() == Dependency.Condition.HEALTHY && !target.lifecycle().hasHealthCheck()) {
          problems.add(new Problem(path,
              "waits for service \"" + d.service() + "\" to be healthy, but it has no health check"));
        }
      }
    }
    findCycles(spec, problems);
  }

  private static void findCycles(StackSpec spec, List<Problem> problems) {
    Set<String> done = new HashSet<>();
    Set<String> reported = new HashSet<>();
    for (String start : spec.services().keySet()) {
      visit(spec, start, new LinkedHashSet<>(), done, reported, problems);
    }
  }

  private static void visit(StackSpec spec, String name, LinkedHashSet<String> onPath, Set<String> done,
      Set<String> reported, List<Problem> problems) {
    if (done.contains(name)) {
      return;
    }
    if (onPath.contains(name)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String n : onPath) {
        in |= n.equals(name);
        if (in) {
          cycle.add(n);
        }
      }
      cycle.add(name);
      if (reported.addAll(cycle)) {
        problems.add(new Problem("services." + name + ".depends_on", "dependency cycle: " + String.join(" -> ", cycle)));
      }
      return;
    }
    Service service = spec.services().get(name);
    if (service == null) {
      return;
    }
    onPath.add(name);
    // Links and volumes_from order starts too (the linking service starts after the linked one).
    Set<String> nexts = new LinkedHashSet<>(service.lifecycle().dependsOn().keySet());
    nexts.addAll(service.implicitDependencies());
    for (String next : nexts) {
      if (!next.equals(name)) {
        visit(spec, next, onPath, done, reported, problems);
      }
    }
    onPath.remove(name);
    done.add(name);
  }
}
