package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.dsl.Naming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compose in and out for the {@link Naming} section: {@code hostname}, {@code container_name},
 * {@code extra_hosts} (as a mapping or as {@code HOST:ADDRESS} / {@code HOST=ADDRESS} entries),
 * {@code dns} and {@code dns_search} (one entry or a list), {@code domainname}, {@code dns_opt} and
 * {@code mac_address} and {@code links}.
 */
final class NamingSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("hostname", "container_name", "extra_hosts", "dns", "domainname", "dns_search", "dns_opt", "mac_address", "links");

  private NamingSection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Naming n, Map<String, Object> m) {
    n.hostname().ifPresent(h -> m.put("hostname", h));
    n.containerName().ifPresent(c -> m.put("container_name", c));
    if (!n.extraHosts().isEmpty()) {
      m.put("extra_hosts", new LinkedHashMap<>(n.extraHosts()));
    }
    if (!n.dns().isEmpty()) {
      m.put("dns", new ArrayList<>(n.dns()));
    }
    n.domainname().ifPresent(d -> m.put("domainname", d));
    if (!n.dnsSearch().isEmpty()) {
      m.put("dns_search", new ArrayList<>(n.dnsSearch()));
    }
    if (!n.dnsOptions().isEmpty()) {
      m.put("dns_opt", new ArrayList<>(n.dnsOptions()));
    }
    n.macAddress().ifPresent(mac -> m.put("mac_address", mac));
    if (!n.links().isEmpty()) {
      m.put("links", new ArrayList<>(n.links()));
    }
  }

  /** The DSL calls for one of {@link #KEYS}. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "hostname" -> SectionReads.serviceText(cx, v, at, "hostname", calls);
      case "container_name" -> SectionReads.serviceText(cx, v, at, "containerName", calls);
      case "extra_hosts" -> extraHosts(cx, v, at, calls);
      case "dns" -> SectionReads.list(cx, v, at, true, "dns", calls);
      case "domainname" -> SectionReads.serviceText(cx, v, at, "domainname", calls);
      case "dns_search" -> SectionReads.list(cx, v, at, true, "dnsSearch", calls);
      case "dns_opt" -> SectionReads.list(cx, v, at, false, "dnsOptions", calls);
      case "mac_address" -> SectionReads.serviceText(cx, v, at, "macAddress", calls);
      case "links" -> cx.strings(v, at, false).forEach(l -> SectionReads.checked(cx, v, at, DslCall.of("link", l), calls));
      default -> throw new IllegalArgumentException("not an attribute of the naming section: " + key);
    }
  }

  private static void extraHosts(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    hostEntries(cx, v, at).forEach((host, address) -> calls.add(DslCall.of("extraHost", host, address)));
  }

  /**
   * Host entries as a mapping, or {@code host:ip} / {@code host=ip} entries (IPv6 addresses contain
   * colons, so the first one splits); also a build's {@code extra_hosts}.
   */
  static Map<String, String> hostEntries(ImportContext cx, ComposeNode v, String at) {
    Map<String, String> hosts = new LinkedHashMap<>();
    if (v instanceof Mapping m) {
      m.entries().forEach((host, ip) -> cx.string(ip, at + "." + host).ifPresent(address -> hosts.put(host, address)));
      return hosts;
    }
    for (String entry : cx.strings(v, at, false)) {
      int eq = entry.indexOf('=');
      int split = eq >= 0 ? eq : entry.indexOf(':');
      if (split <= 0 || split == entry.length() - 1) {
        cx.error(v.location(), at, "\"" + entry + "\" is not HOST:ADDRESS or HOST=ADDRESS");
        continue;
      }
      String address = entry.substring(split + 1);
      // IPv6 addresses may come bracketed: host=[::1].
      hosts.put(entry.substring(0, split), address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address);
    }
    return hosts;
  }
}
