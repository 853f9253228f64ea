package dev.sentinel.compose;

import dev.sentinel.dsl.Cpus;
import dev.sentinel.dsl.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compose in and out for the {@link Resources} section: {@code deploy.resources} (limits: {@code
 * cpus}, {@code memory}, {@code pids}; reservations: {@code cpus}, {@code memory}), which the export
 * writes, and the older top-level {@code cpus}, {@code mem_limit}, {@code mem_reservation} and
 * {@code pids_limit}, which the import reads too.
 */
final class ResourcesSection {
  /** The top-level service attributes this section reads. */
  static final Set<String> KEYS = Set.of("cpus", "mem_limit", "mem_reservation", "pids_limit");

  private ResourcesSection() {}

  /** Writes {@code resources} into a service's {@code deploy} mapping, when there is any. */
  static void write(Resources r, Map<String, Object> deploy) {
    Map<String, Object> limits = new LinkedHashMap<>();
    r.cpuLimit().ifPresent(c -> limits.put("cpus", c.toCompose()));
    r.memoryLimit().ifPresent(s -> limits.put("memory", s.toCompose()));
    r.pidsLimit().ifPresent(p -> limits.put("pids", p));
    Map<String, Object> reservations = new LinkedHashMap<>();
    r.cpuReservation().ifPresent(c -> reservations.put("cpus", c.toCompose()));
    r.memoryReservation().ifPresent(s -> reservations.put("memory", s.toCompose()));
    Map<String, Object> resources = new LinkedHashMap<>();
    if (!limits.isEmpty()) {
      resources.put("limits", limits);
    }
    if (!reservations.isEmpty()) {
      resources.put("reservations", reservations);
    }
    if (!resources.isEmpty()) {
      deploy.put("resources", resources);
    }
  }

  /** The DSL calls for one of the top-level {@link #KEYS}. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "pids_limit" -> cx.number(v, at).ifPresent(p -> calls.add(DslCall.of("pidsLimit", p)));
      case "mem_limit" -> SectionReads.size(cx, v, at, "memoryLimit", calls);
      case "mem_reservation" -> SectionReads.size(cx, v, at, "memoryReservation", calls);
      case "cpus" -> cx.string(v, at).filter(c -> cx.parse(v, at, c, Cpus::parse).isPresent()).ifPresent(c -> calls.add(DslCall.of("cpuLimit", c)));
      default -> throw new IllegalArgumentException("not a top-level attribute of the resources section: " + key);
    }
  }

  /** The DSL calls for {@code deploy.resources}. */
  static void readDeploy(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((kind, value) -> {
      String p = at + "." + kind;
      boolean limits = kind.equals("limits");
      if (!limits && !kind.equals("reservations")) {
        cx.unsupported(value.location(), p, "resources section \"" + kind + "\" is not supported by Sentinel's model");
        return;
      }
      cx.mapping(value, p).ifPresent(r -> r.entries().forEach((key, x) -> {
        String q = p + "." + key;
        cx.located(q, x);
        switch (key) {
          case "cpus" -> cx.string(x, q).filter(c -> cx.parse(x, q, c, Cpus::parse).isPresent())
              .ifPresent(c -> calls.add(DslCall.of(limits ? "cpuLimit" : "cpuReservation", c)));
          case "memory" -> SectionReads.size(cx, x, q, limits ? "memoryLimit" : "memoryReservation", calls);
          case "pids" -> {
            if (limits) {
              cx.number(x, q).ifPresent(n -> calls.add(DslCall.of("pidsLimit", n)));
            } else {
              cx.unsupported(x.location(), q, "a pids reservation");
            }
          }
          default -> cx.unsupported(x.location(), q, "resource \"" + key + "\" is not supported by Sentinel's model");
        }
      }));
    }));
  }
}
