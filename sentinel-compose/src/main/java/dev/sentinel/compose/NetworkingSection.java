package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.ComposeNode.Sequence;
import dev.sentinel.compose.DslCall.Varargs;
import dev.sentinel.dsl.Networking;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.ServiceNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Networking} section: {@code networks} (a list, or a mapping
 * with aliases, fixed and link-local addresses and priorities), {@code network_mode}, {@code ports}
 * (every short form and the long form), {@code expose} and {@code external_links}.
 */
final class NetworkingSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("networks", "network_mode", "ports", "expose", "external_links");

  private final ImportContext cx;
  private final StackCalls stack;

  NetworkingSection(ImportContext cx, StackCalls stack) {
    this.cx = cx;
    this.stack = stack;
  }

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Networking n, Map<String, Object> m) {
    n.networkMode().ifPresent(mode -> m.put("network_mode", mode));
    if (!n.networks().isEmpty()) {
      Map<String, Object> networks = new LinkedHashMap<>();
      for (ServiceNetwork sn : n.networks().values()) {
        Map<String, Object> member = new LinkedHashMap<>();
        if (!sn.aliases().isEmpty()) {
          member.put("aliases", new ArrayList<>(sn.aliases()));
        }
        sn.ipv4Address().ifPresent(a -> member.put("ipv4_address", a));
        sn.ipv6Address().ifPresent(a -> member.put("ipv6_address", a));
        if (!sn.linkLocalIps().isEmpty()) {
          member.put("link_local_ips", new ArrayList<>(sn.linkLocalIps()));
        }
        sn.priority().ifPresent(pr -> member.put("priority", pr));
        networks.put(sn.network(), member.isEmpty() ? null : member);
      }
      m.put("networks", networks);
    }
    if (!n.expose().isEmpty()) {
      m.put("expose", new ArrayList<>(n.expose()));
    }
    if (!n.ports().isEmpty()) {
      m.put("ports", new ArrayList<>(n.ports().stream().map(NetworkingSection::port).toList()));
    }
    if (!n.externalLinks().isEmpty()) {
      m.put("external_links", new ArrayList<>(n.externalLinks()));
    }
  }

  private static Map<String, Object> port(PortMapping p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", p.target());
    p.published().ifPresent(r -> m.put("published", r.toString()));
    m.put("host_ip", p.hostIp());
    m.put("protocol", p.protocol().value());
    if (p.hostMode()) {
      m.put("mode", "host");
    }
    p.name().ifPresent(n -> m.put("name", n));
    p.appProtocol().ifPresent(a -> m.put("app_protocol", a));
    return m;
  }

  /** The DSL calls for one of {@link #KEYS}. */
  void read(String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "networks" -> networks(v, at, calls);
      case "network_mode" -> SectionReads.text(cx, v, at, "networkMode", calls);
      case "ports" -> ports(v, at, calls);
      case "expose" -> {
        List<String> ports = cx.strings(v, at, false);
        if (!ports.isEmpty()) {
          calls.add(DslCall.of("expose", new Varargs(ports)));
        }
      }
      case "external_links" -> cx.strings(v, at, false).forEach(l -> SectionReads.checked(cx, v, at, DslCall.of("externalLink", l), calls));
      default -> throw new IllegalArgumentException("not an attribute of the networking section: " + key);
    }
  }

  private void networks(ComposeNode v, String at, List<DslCall> calls) {
    if (v instanceof Sequence) {
      cx.strings(v, at, false).forEach(n -> {
        declareDefault(n);
        calls.add(DslCall.of("network", n, new Varargs(List.of())));
      });
      return;
    }
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((network, settings) -> {
      declareDefault(network);
      String p = at + "." + network;
      cx.located(p, settings);
      List<String> aliases = new ArrayList<>();
      List<DslCall> b = new ArrayList<>();
      if (settings instanceof Mapping s) {
        s.entries().forEach((key, value) -> {
          String q = p + "." + key;
          switch (key) {
            case "aliases" -> aliases.addAll(cx.strings(value, q, false));
            case "ipv4_address" -> cx.string(value, q).filter(a -> checked(network, value, q, a, null, null))
                .ifPresent(a -> b.add(DslCall.of("ipv4Address", a)));
            case "ipv6_address" -> cx.string(value, q).filter(a -> checked(network, value, q, null, a, null))
                .ifPresent(a -> b.add(DslCall.of("ipv6Address", a)));
            case "link_local_ips" -> cx.strings(value, q, false).stream().filter(a -> checked(network, value, q, null, null, a))
                .forEach(a -> b.add(DslCall.of("linkLocalIp", a)));
            case "priority" -> cx.integer(value, q).ifPresent(pr -> b.add(DslCall.of("priority", pr)));
            default -> cx.unsupported(value.location(), q, "network setting \"" + key + "\" is not supported by Sentinel's model");
          }
        });
      } else if (!(settings instanceof Scalar sc && sc.isNull())) {
        cx.error(settings.location(), p, "expected a mapping or nothing, got " + settings.kind());
      }
      if (b.isEmpty()) {
        calls.add(DslCall.of("network", network, new Varargs(aliases)));
      } else {
        if (!aliases.isEmpty()) {
          b.add(0, DslCall.of("alias", new Varargs(aliases)));
        }
        calls.add(DslCall.of("network", network, new DslCall.Configurer("n", b)));
      }
    }));
  }

  /** Whether the model takes the address (checked here, so a wrong one is reported at its line). */
  private boolean checked(String network, ComposeNode value, String at, String ipv4, String ipv6, String linkLocal) {
    return cx.attempt(value, at, () -> new ServiceNetwork(network, List.of(), Optional.ofNullable(ipv4), Optional.ofNullable(ipv6),
        linkLocal == null ? List.of() : List.of(linkLocal), Optional.empty())).isPresent();
  }

  /** Compose's implicit {@code default} network, named by a service: the model declares it, as Compose would create it. */
  private void declareDefault(String network) {
    if (network.equals("default")) {
      stack.network("default", List.of(), List.of());
    }
  }

  private void ports(ComposeNode v, String at, List<DslCall> calls) {
    cx.forEachItem(v, at, (item, p) -> {
      List<PortMapping> mappings = List.of();
      if (item instanceof Mapping m) {
        mappings = longPort(m, p).map(List::of).orElse(List.of());
      } else {
        Optional<String> text = cx.string(item, p);
        if (text.isPresent()) {
          mappings = cx.parse(item, p, text.get(), ComposePorts::parseShort).orElse(List.of());
        }
      }
      // A mapping with a name, application protocol or host mode is written as the record; the short syntax cannot say them.
      mappings.forEach(pm -> calls.add(pm.hasDetails() ? DslCall.of("port", pm) : DslCall.of("port", pm.toString())));
    });
  }

  private Optional<PortMapping> longPort(Mapping m, String p) {
    for (String key : m.entries().keySet()) {
      if (!Set.of("target", "published", "host_ip", "protocol", "mode", "name", "app_protocol").contains(key)) {
        cx.unsupported(m.entries().get(key).location(), p + "." + key, "port setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }
    Optional<String> mode = m.get("mode").flatMap(x -> cx.string(x, p + ".mode"));
    if (mode.isPresent() && !mode.get().equals("ingress") && !mode.get().equals("host")) {
      cx.error(m.get("mode").get().location(), p + ".mode", "port mode \"" + mode.get() + "\" is not host or ingress");
    }
    Optional<String> name = m.get("name").flatMap(x -> cx.string(x, p + ".name"));
    Optional<String> appProtocol = m.get("app_protocol").flatMap(x -> cx.string(x, p + ".app_protocol"));
    Optional<Integer> target = m.get("target").flatMap(x -> cx.integer(x, p + ".target"));
    if (target.isEmpty()) {
      if (m.get("target").isEmpty()) {
        cx.error(m.location(), p, "a port needs a target");
      }
      return Optional.empty();
    }
    Optional<String> published = m.get("published").flatMap(x -> cx.string(x, p + ".published"));
    Optional<String> hostIp = m.get("host_ip").flatMap(x -> cx.string(x, p + ".host_ip"));
    Optional<String> protocol = m.get("protocol").flatMap(x -> cx.string(x, p + ".protocol"));
    boolean hostMode = mode.filter("host"::equals).isPresent();
    return cx.attempt(m, p, () -> ComposePorts.longForm(hostIp, published, target.get(), protocol))
        .map(pm -> new PortMapping(pm.hostIp(), pm.published(), pm.target(), pm.protocol(), name, appProtocol, hostMode));
  }
}
