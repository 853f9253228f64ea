package dev.sentinel.dsl.internal;

import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Problem;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.util.ArrayList;
import java.util.List;

/** Host ports: no two published mappings may claim the same port on the same interface. */
final class PortRules {
  private PortRules() {}

  private record Claim(String service, PortMapping mapping) {}

  static void check(StackSpec spec, List<Problem> problems) {
    List<Claim> claims = new ArrayList<>();
    for (Service s : spec.services().values()) {
      int replicas = s.deploy().replicas();
      for (PortMapping p : s.ports()) {
        if (p.published().isEmpty()) {
          continue;
        }
        String path = "services." + s.name() + ".ports";
        if (replicas > 1 && !StackValidator.fitsReplicas(p.published().get(), replicas)) {
          problems.add(new Problem(path,
              "host port " + p.published().get() + " of " + p + " cannot serve " + replicas
                  + " replicas: give a range of at least " + replicas + " ports, or let the engine pick (\"" + p.target() + "\")"));
        }
        for (Claim other : claims) {
          if (other.mapping.protocol() == p.protocol()
              && StackValidator.sameInterface(other.mapping, p)
              && other.mapping.published().get().overlaps(p.published().get())) {
            problems.add(new Problem(path,
                "host port " + p.hostIp() + ":" + p.published().get() + "/" + p.protocol().value()
                    + " is already published by service \"" + other.service + "\" (" + other.mapping + ")"));
          }
        }
        claims.add(new Claim(s.name(), p));
      }
    }
  }
}
