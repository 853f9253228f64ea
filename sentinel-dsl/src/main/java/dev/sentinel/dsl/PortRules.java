package dev.sentinel.dsl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Host ports: no two published mappings may claim the same port on the same interface. */
final class PortRules {
  private PortRules() {}

  private record Claim(String service, PortMapping mapping) {}

  static void check(StackSpec spec, List<Problem> problems) {
    // Indexed by protocol and port, so a large stack is checked in linear time.
    Map<String, List<Claim>> byPort = new HashMap<>();
    for (Service s : spec.services().values()) {
      int replicas = s.deploy().replicas();
      for (PortMapping p : s.networking().ports()) {
        if (p.published().isEmpty()) {
          continue;
        }
        PortRange range = p.published().get();
        String path = "services." + s.name() + ".ports";
        if (replicas > 1 && !StackValidator.fitsReplicas(range, replicas)) {
          problems.add(new Problem(path,
              "host port " + range + " of " + p + " cannot serve " + replicas
                  + " replicas: give a range of at least " + replicas + " ports, or let the engine pick (\"" + p.target() + "\")"));
        }
        Set<Claim> conflicts = new LinkedHashSet<>();
        for (int port = range.first(); port <= range.last(); port++) {
          for (Claim other : byPort.getOrDefault(p.protocol() + "/" + port, List.of())) {
            if (StackValidator.sameInterface(other.mapping, p)) {
              conflicts.add(other);
            }
          }
        }
        for (Claim other : conflicts) {
          problems.add(new Problem(path,
              "host port " + p.hostIp() + ":" + range + "/" + p.protocol().value()
                  + " is already published by service \"" + other.service + "\" (" + other.mapping + ")"));
        }
        Claim claim = new Claim(s.name(), p);
        for (int port = range.first(); port <= range.last(); port++) {
          byPort.computeIfAbsent(p.protocol() + "/" + port, k -> new ArrayList<>()).add(claim);
        }
      }
    }
  }
}
