package dev.sentinel.compose;

import dev.sentinel.dsl.GpuRequest;
import dev.sentinel.dsl.VolumesFrom;
import dev.sentinel.dsl.Security;
import dev.sentinel.dsl.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Security} section: {@code user}, {@code read_only}, {@code
 * security_opt} (where Compose spells no-new-privileges), {@code cap_drop}, {@code cap_add}, {@code
 * privileged}, {@code init}, the namespace modes, {@code devices}, {@code runtime}, {@code
 * cgroup_parent} and {@code cgroup}.
 */
final class SecuritySection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of(
      "user", "read_only", "security_opt", "cap_drop", "cap_add", "privileged", "init", "pid", "ipc", "userns_mode", "uts", "devices",
      "runtime", "cgroup_parent", "cgroup", "group_add", "device_cgroup_rules", "gpus", "volumes_from");

  private SecuritySection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Security sec, Map<String, Object> m) {
    sec.user().ifPresent(u -> m.put("user", u.spec()));
    if (sec.readOnlyRootFilesystem()) {
      m.put("read_only", true);
    }
    List<Object> opts = new ArrayList<>();
    if (sec.noNewPrivileges()) {
      opts.add("no-new-privileges:true");
    }
    opts.addAll(sec.securityOpt());
    if (!opts.isEmpty()) {
      m.put("security_opt", opts);
    }
    if (!sec.capDrop().isEmpty()) {
      m.put("cap_drop", new ArrayList<>(sec.capDrop()));
    }
    if (!sec.capAdd().isEmpty()) {
      m.put("cap_add", new ArrayList<>(sec.capAdd()));
    }
    if (sec.privileged()) {
      m.put("privileged", true);
    }
    if (sec.init()) {
      m.put("init", true);
    }
    sec.pid().ifPresent(p -> m.put("pid", p));
    sec.ipc().ifPresent(i -> m.put("ipc", i));
    sec.usernsMode().ifPresent(u -> m.put("userns_mode", u));
    sec.uts().ifPresent(u -> m.put("uts", u));
    if (!sec.devices().isEmpty()) {
      m.put("devices", new ArrayList<>(sec.devices()));
    }
    sec.runtime().ifPresent(r -> m.put("runtime", r));
    sec.cgroupParent().ifPresent(c -> m.put("cgroup_parent", c));
    sec.cgroup().ifPresent(c -> m.put("cgroup", c));
    if (!sec.groupAdd().isEmpty()) {
      m.put("group_add", new ArrayList<>(sec.groupAdd()));
    }
    if (!sec.deviceCgroupRules().isEmpty()) {
      m.put("device_cgroup_rules", new ArrayList<>(sec.deviceCgroupRules()));
    }
    if (!sec.volumesFrom().isEmpty()) {
      m.put("volumes_from", new ArrayList<>(sec.volumesFrom().stream().map(VolumesFrom::toString).toList()));
    }
    if (!sec.gpus().isEmpty()) {
      List<Object> gpus = new ArrayList<>();
      for (GpuRequest g : sec.gpus()) {
        Map<String, Object> gpu = new LinkedHashMap<>();
        g.driver().ifPresent(d -> gpu.put("driver", d));
        if (g.deviceIds().isEmpty()) {
          gpu.put("count", g.count());
        } else {
          gpu.put("device_ids", new ArrayList<>(g.deviceIds()));
        }
        if (!g.capabilities().isEmpty()) {
          gpu.put("capabilities", new ArrayList<>(g.capabilities()));
        }
        if (!g.options().isEmpty()) {
          gpu.put("options", new LinkedHashMap<>(g.options()));
        }
        gpus.add(gpu);
      }
      m.put("gpus", gpus);
    }
  }

  /** The DSL calls for one of {@link #KEYS}, each value checked with the model's own parser. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "user" -> cx.string(v, at).filter(u -> cx.parse(v, at, u, User::parse).isPresent())
          .ifPresent(u -> calls.add(DslCall.of("user", u)));
      case "read_only" -> cx.bool(v, at).ifPresent(ro -> calls.add(DslCall.of(ro ? "readOnlyRootFilesystem" : "writableRootFilesystem")));
      case "security_opt" -> cx.strings(v, at, false)
          .forEach(o -> calls.add(isNoNewPrivileges(o) ? DslCall.of("noNewPrivileges") : DslCall.of("securityOpt", o)));
      case "cap_drop" -> SectionReads.list(cx, v, at, false, "dropCapabilities", calls);
      case "cap_add" -> SectionReads.list(cx, v, at, false, "addCapabilities", calls);
      case "privileged" -> SectionReads.flag(cx, v, at, "privileged", calls);
      case "init" -> SectionReads.flag(cx, v, at, "init", calls);
      case "pid" -> SectionReads.serviceText(cx, v, at, "pid", calls);
      case "ipc" -> SectionReads.serviceText(cx, v, at, "ipc", calls);
      case "userns_mode" -> SectionReads.serviceText(cx, v, at, "usernsMode", calls);
      case "uts" -> SectionReads.serviceText(cx, v, at, "uts", calls);
      case "devices" -> cx.strings(v, at, false).forEach(d -> calls.add(DslCall.of("device", d)));
      case "runtime" -> SectionReads.serviceText(cx, v, at, "runtime", calls);
      case "cgroup_parent" -> SectionReads.serviceText(cx, v, at, "cgroupParent", calls);
      case "cgroup" -> SectionReads.serviceText(cx, v, at, "cgroup", calls);
      case "group_add" -> {
        List<String> groups = cx.strings(v, at, false);
        if (!groups.isEmpty()) {
          calls.add(DslCall.of("groupAdd", new DslCall.Varargs(groups)));
        }
      }
      case "gpus" -> gpus(cx, v, at, calls);
      case "volumes_from" -> cx.strings(v, at, false).stream().filter(from -> cx.parse(v, at, from, VolumesFrom::parse).isPresent())
          .forEach(from -> calls.add(DslCall.of("volumesFrom", from)));
      case "device_cgroup_rules" -> cx.strings(v, at, false).forEach(r -> SectionReads.checked(cx, v, at, DslCall.of("deviceCgroupRule", r), calls));
      default -> throw new IllegalArgumentException("not an attribute of the security section: " + key);
    }
  }

  private static boolean isNoNewPrivileges(String option) {
    String o = option.strip().toLowerCase(Locale.ROOT);
    return o.equals("no-new-privileges") || o.equals("no-new-privileges:true") || o.equals("no-new-privileges=true");
  }

  /** {@code all}, or a list of {@code {driver, count | device_ids, capabilities, options}} (count {@code all} is -1). */
  private static void gpus(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    if (v instanceof ComposeNode.Scalar) {
      cx.string(v, at).ifPresent(text -> {
        if (text.equals("all")) {
          calls.add(DslCall.of("gpu", GpuRequest.all()));
        } else {
          cx.error(v.location(), at, "\"" + text + "\" is not all or a list of GPU requests");
        }
      });
      return;
    }
    cx.forEachItem(v, at, (item, p) -> cx.mapping(item, p).ifPresent(m -> {
      Optional<String> driver = Optional.empty();
      int count = 0;
      List<String> ids = List.of();
      List<String> capabilities = List.of();
      Map<String, String> options = new LinkedHashMap<>();
      boolean counted = false;
      for (Map.Entry<String, ComposeNode> e : m.entries().entrySet()) {
        String q = p + "." + e.getKey();
        switch (e.getKey()) {
          case "driver" -> driver = cx.string(e.getValue(), q);
          case "count" -> {
            counted = true;
            count = cx.string(e.getValue(), q).map(c -> c.equals("all") ? -1 : cx.integer(e.getValue(), q).orElse(0)).orElse(0);
          }
          case "device_ids" -> ids = cx.strings(e.getValue(), q, false);
          case "capabilities" -> capabilities = cx.strings(e.getValue(), q, false);
          case "options" -> cx.dict(e.getValue(), q).forEach((k, o) -> options.put(k, o.map(ComposeNode.Scalar::text).orElse("")));
          default -> cx.unsupported(e.getValue().location(), q, "GPU setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
        }
      }
      Optional<String> d = driver;
      int n = counted || !ids.isEmpty() ? count : -1;
      List<String> deviceIds = ids;
      List<String> caps = capabilities;
      cx.attempt(item, p, () -> new GpuRequest(d, n, deviceIds, caps, options)).ifPresent(g -> calls.add(DslCall.of("gpu", g)));
    }));
  }
}
