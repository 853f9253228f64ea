package dev.sentinel.compose;

import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.PortRange;
import dev.sentinel.dsl.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's port syntax as the model holds it. Compose binds every interface when no host IP is
 * written, so the import says {@code 0.0.0.0} explicitly (the DSL's own default is loopback), and it
 * expands container port ranges into one mapping per port, as {@code docker compose config} does.
 */
final class ComposePorts {
  private static final Pattern SHORT = Pattern.compile(
      "(?:(?:\\[([0-9a-fA-F:.]+)]|(\\d{1,3}(?:\\.\\d{1,3}){3})):)?(?:(\\d*)(?:-(\\d+))?:)?(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?",
      Pattern.CASE_INSENSITIVE);
  static final String ALL_INTERFACES = "0.0.0.0";

  private ComposePorts() {}

  /** @throws IllegalArgumentException naming {@code text} when it is not a port mapping */
  static List<PortMapping> parseShort(String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a port mapping (examples: 8080:80, 127.0.0.1:8080:80/udp, 9000-9001:9000-9001)");
    }
    String ip = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : ALL_INTERFACES;
    Protocol protocol = m.group(7) == null ? Protocol.TCP : Protocol.valueOf(m.group(7).toUpperCase(Locale.ROOT));
    Optional<PortRange> published = Optional.empty();
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      int first = Integer.parseInt(m.group(3));
      published = Optional.of(new PortRange(first, m.group(4) == null ? first : Integer.parseInt(m.group(4))));
    }
    int target = Integer.parseInt(m.group(5));
    int targetLast = m.group(6) == null ? target : Integer.parseInt(m.group(6));
    if (targetLast == target) {
      return List.of(new PortMapping(ip, published, target, protocol));
    }
    if (targetLast < target) {
      throw new IllegalArgumentException("\"" + text + "\" has a container port range that ends before it starts");
    }
    int count = targetLast - target + 1;
    if (published.isPresent() && published.get().last() - published.get().first() + 1 != count) {
      throw new IllegalArgumentException("\"" + text + "\" maps " + count + " container ports to a host range of another size");
    }
    List<PortMapping> expanded = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<PortRange> host = published.isPresent() ? Optional.of(PortRange.of(published.get().first() + i)) : Optional.empty();
      expanded.add(new PortMapping(ip, host, target + i, protocol));
    }
    return expanded;
  }

  /** The long syntax's parts as one mapping. */
  static PortMapping longForm(Optional<String> hostIp, Optional<String> published, int target, Optional<String> protocol) {
    Optional<PortRange> range = published.filter(p -> !p.isEmpty()).map(p -> {
      int dash = p.indexOf('-');
      try {
        return dash < 0 ? PortRange.of(Integer.parseInt(p)) : new PortRange(Integer.parseInt(p.substring(0, dash)), Integer.parseInt(p.substring(dash + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("published \"" + p + "\" is not a port or a range of ports");
      }
    });
    Protocol proto = Protocol.TCP;
    if (protocol.isPresent()) {
      try {
        proto = Protocol.valueOf(protocol.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("protocol \"" + protocol.get() + "\" is not tcp, udp or sctp");
      }
    }
    return new PortMapping(hostIp.orElse(ALL_INTERFACES), range, target, proto);
  }
}
