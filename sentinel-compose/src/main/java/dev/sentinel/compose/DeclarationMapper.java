package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.dsl.BackupPolicy;
import dev.sentinel.dsl.Ipam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps the top-level {@code networks}, {@code volumes}, {@code secrets} and {@code configs} declarations. */
final class DeclarationMapper {
  private final ImportContext cx;

  DeclarationMapper(ImportContext cx) {
    this.cx = cx;
  }

  /** Adds the declaration {@code section.name}; relative file paths are rebased by {@code paths}. */
  void declare(String section, String name, ComposeNode def, List<String> comments, HostPaths paths, StackCalls into) {
    String path = section + "." + name;
    if (def.tag().filter(t -> t.equals("!reset")).isPresent()) {
      cx.unsupported(def.location(), path, "removing a declared " + section.substring(0, section.length() - 1) + " with !reset");
      return;
    }
    Mapping m;
    if (def instanceof Scalar s && s.isNull()) {
      m = new Mapping(java.util.Map.of(), java.util.Map.of(), def.location(), Optional.empty());
    } else {
      Optional<Mapping> mapping = cx.mapping(def, path);
      if (mapping.isEmpty()) {
        return;
      }
      m = mapping.get();
    }
    List<DslCall> calls = new ArrayList<>();
    switch (section) {
      case "networks" -> network(m, path, calls);
      case "volumes" -> volume(m, path, calls);
      case "secrets" -> secret(m, path, paths, calls);
      default -> config(m, path, paths, calls);
    }
    switch (section) {
      case "networks" -> into.network(name, calls, comments);
      case "volumes" -> into.volume(name, calls, comments);
      case "secrets" -> into.secret(name, calls, comments);
      default -> into.config(name, calls, comments);
    }
  }

  private void network(Mapping m, String path, List<DslCall> calls) {
    m.entries().forEach((key, value) -> {
      String p = path + "." + key;
      switch (key) {
        case "driver" -> cx.string(value, p).ifPresent(d -> calls.add(DslCall.of("driver", d)));
        case "internal" -> cx.bool(value, p).ifPresent(on -> calls.add(on ? DslCall.of("internal") : DslCall.of("internal", false)));
        case "attachable" -> cx.bool(value, p).filter(on -> on).ifPresent(on -> calls.add(DslCall.of("attachable")));
        case "labels" -> cx.dict(value, p).forEach((k, v) -> calls.add(DslCall.of("label", k, v.map(Scalar::text).orElse(""))));
        case "external" -> external(value, p, calls);
        case "name" -> cx.string(value, p).ifPresent(n -> calls.add(DslCall.of("engineName", n)));
        case "driver_opts" -> cx.dict(value, p).forEach((k, v) -> calls.add(DslCall.of("driverOption", k, v.map(Scalar::text).orElse(""))));
        case "enable_ipv6" -> cx.bool(value, p).ifPresent(on -> calls.add(on ? DslCall.of("enableIpv6") : DslCall.of("enableIpv6", false)));
        case "ipam" -> ipam(value, p, calls);
        default -> cx.unsupported(value.location(), p, "network setting \"" + key + "\" is not supported by Sentinel's model");
      }
    });
  }

  /** {@code driver}, {@code options}, and {@code config}: subnets with {@code ip_range}, {@code gateway}, {@code aux_addresses}. */
  private void ipam(ComposeNode value, String p, List<DslCall> calls) {
    cx.mapping(value, p).ifPresent(ipam -> ipam.entries().forEach((key, v) -> {
      String q = p + "." + key;
      switch (key) {
        case "driver" -> cx.string(v, q).ifPresent(d -> calls.add(DslCall.of("ipamDriver", d)));
        case "options" -> cx.dict(v, q).forEach((k, o) -> calls.add(DslCall.of("ipamOption", k, o.map(Scalar::text).orElse(""))));
        case "config" -> cx.forEachItem(v, q, (item, r) -> cx.mapping(item, r).ifPresent(pool -> subnet(item, pool, r, calls)));
        default -> cx.unsupported(v.location(), q, "IPAM setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }));
  }

  private void subnet(ComposeNode item, Mapping pool, String r, List<DslCall> calls) {
    Optional<String> subnet = pool.get("subnet").flatMap(x -> cx.string(x, r + ".subnet"));
    if (subnet.isEmpty()) {
      cx.unsupported(item.location(), r, "an IPAM pool without a subnet");
      return;
    }
    List<DslCall> b = new ArrayList<>();
    Optional<String> ipRange = Optional.empty();
    Optional<String> gateway = Optional.empty();
    Map<String, String> aux = new LinkedHashMap<>();
    for (Map.Entry<String, ComposeNode> e : pool.entries().entrySet()) {
      String q = r + "." + e.getKey();
      ComposeNode x = e.getValue();
      switch (e.getKey()) {
        case "subnet" -> { }
        case "ip_range" -> ipRange = cx.string(x, q);
        case "gateway" -> gateway = cx.string(x, q);
        case "aux_addresses" -> cx.dict(x, q).forEach((k, a) -> aux.put(k, a.map(Scalar::text).orElse("")));
        default -> cx.unsupported(x.location(), q, "IPAM pool setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
      }
    }
    ipRange.ifPresent(v -> b.add(DslCall.of("ipRange", v)));
    gateway.ifPresent(v -> b.add(DslCall.of("gateway", v)));
    aux.forEach((k, a) -> b.add(DslCall.of("auxAddress", k, a)));
    // Checked here (a gateway outside its subnet...), so the error names the file's line.
    Optional<String> range = ipRange;
    Optional<String> gw = gateway;
    if (cx.attempt(item, r, () -> new Ipam.Pool(subnet.get(), range, gw, aux)).isPresent()) {
      calls.add(b.isEmpty() ? DslCall.of("subnet", subnet.get()) : DslCall.of("subnet", subnet.get(), new DslCall.Configurer("p", b)));
    }
  }

  private void volume(Mapping m, String path, List<DslCall> calls) {
    m.entries().forEach((key, value) -> {
      String p = path + "." + key;
      switch (key) {
        case "driver" -> cx.string(value, p).ifPresent(d -> calls.add(DslCall.of("driver", d)));
        case "driver_opts" -> cx.dict(value, p).forEach((k, v) -> calls.add(DslCall.of("driverOption", k, v.map(Scalar::text).orElse(""))));
        case "labels" -> cx.dict(value, p).forEach((k, v) -> calls.add(DslCall.of("label", k, v.map(Scalar::text).orElse(""))));
        case "external" -> external(value, p, calls);
        case "name" -> cx.string(value, p).ifPresent(n -> calls.add(DslCall.of("engineName", n)));
        case "x-sentinel-backup" -> backup(value, p, calls);
        default -> cx.unsupported(value.location(), p, "volume setting \"" + key + "\" is not supported by Sentinel's model");
      }
    });
  }

  private void external(ComposeNode value, String p, List<DslCall> calls) {
    if (value instanceof Mapping) {
      cx.unsupported(value.location(), p, "external with a name (the legacy form); Sentinel uses the declared name");
      return;
    }
    cx.bool(value, p).filter(on -> on).ifPresent(on -> calls.add(DslCall.of("external")));
  }

  private void backup(ComposeNode value, String p, List<DslCall> calls) {
    List<DslCall> b = new ArrayList<>();
    cx.mapping(value, p).ifPresent(m -> m.entries().forEach((key, x) -> {
      String q = p + "." + key;
      switch (key) {
        case "consistency" -> cx.choice(x, q, BackupPolicy.Consistency.values(), k -> k.name().toLowerCase(Locale.ROOT))
            .ifPresent(k -> b.add(DslCall.of("consistency", k)));
        case "before", "after" -> cx.mapping(x, q).ifPresent(h -> {
          Optional<String> service = h.get("service").flatMap(s -> cx.string(s, q + ".service"));
          List<String> command = h.get("command").map(c -> cx.strings(c, q + ".command", false)).orElse(List.of());
          if (service.isEmpty() || command.isEmpty()) {
            cx.error(x.location(), q, "a backup hook needs a service and a command");
          } else {
            b.add(DslCall.of(key, service.get(), new DslCall.Varargs(command)));
          }
        });
        default -> cx.unsupported(x.location(), q, "backup setting \"" + key + "\" is not supported by Sentinel");
      }
    }));
    calls.add(DslCall.of("backup", new DslCall.Configurer("b", b)));
  }

  private void secret(Mapping m, String path, HostPaths paths, List<DslCall> calls) {
    if (externalFileDeclaration(m, path, calls)) {
      return;
    }
    m.entries().forEach((key, value) -> {
      String p = path + "." + key;
      switch (key) {
        case "file" -> cx.string(value, p).ifPresent(f -> calls.add(DslCall.of("fromFile", paths.rebaseContext(f))));
        case "environment" -> cx.string(value, p).ifPresent(e -> calls.add(DslCall.of("fromEnvironment", e)));
        default -> cx.unsupported(value.location(), p, "secret setting \"" + key
            + "\" is not supported by Sentinel's model (secrets come from a file, an environment variable or are generated)");
      }
    });
  }

  /**
   * An external secret or config ({@code external: true}, optionally {@code name}): a Swarm object
   * used by its name, which is the declaration's key when no name is given (no project prefix).
   * Returns whether it was one (then nothing else may be declared).
   */
  private boolean externalFileDeclaration(Mapping m, String path, List<DslCall> calls) {
    Optional<ComposeNode> external = m.get("external");
    if (external.isEmpty() || !cx.bool(external.get(), path + ".external").orElse(false)) {
      return false;
    }
    Optional<String> name = m.get("name").flatMap(n -> cx.string(n, path + ".name"));
    m.entries().forEach((key, value) -> {
      if (!key.equals("external") && !key.equals("name")) {
        cx.error(value.location(), path + "." + key, "an external declaration has only a name; \"" + key + "\" cannot go with external: true");
      }
    });
    calls.add(name.isPresent() ? DslCall.of("external", name.get()) : DslCall.of("external"));
    return true;
  }

  private void config(Mapping m, String path, HostPaths paths, List<DslCall> calls) {
    if (externalFileDeclaration(m, path, calls)) {
      return;
    }
    m.entries().forEach((key, value) -> {
      String p = path + "." + key;
      switch (key) {
        case "file" -> cx.string(value, p).ifPresent(f -> calls.add(DslCall.of("fromFile", paths.rebaseContext(f))));
        case "content" -> cx.string(value, p).ifPresent(c -> calls.add(DslCall.of("content", c)));
        default -> cx.unsupported(value.location(), p, "config setting \"" + key
            + "\" is not supported by Sentinel's model (configs come from a file or inline content)");
      }
    });
  }
}
