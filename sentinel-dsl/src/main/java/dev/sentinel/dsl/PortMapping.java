package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container port published on the host. The host IP is always explicit: when none is given it is
 * {@value #DEFAULT_HOST_IP}, never silently every interface.
 *
 * <pre>{@code
 * PortMapping.parse("8080:80");              // 127.0.0.1:8080 -> 80/tcp
 * PortMapping.parse("0.0.0.0:443:8443/tcp"); // every interface, on purpose
 * PortMapping.parse("9090");                 // 127.0.0.1, a random host port -> 9090 ("127.0.0.1::9090")
 * }</pre>
 *
 * @param hostIp the host address to bind, e.g. {@code 127.0.0.1}
 * @param published the host port or range; empty for a port the engine picks
 * @param target the container port
 * @param protocol the transport protocol
 * @param name a name for the port (Compose's {@code name}), for people and tools; the engine does not use it
 * @param appProtocol the application protocol, e.g. {@code http} or {@code grpc} (Compose's {@code
 *     app_protocol}); a hint for tools, not used by the engine
 * @param hostMode whether a Swarm publishes it on each node running a task instead of through the
 *     routing mesh (Compose's {@code mode: host}); a single engine publishes every port that way
 */
public record PortMapping(String hostIp, Optional<PortRange> published, int target, Protocol protocol, Optional<String> name,
    Optional<String> appProtocol, boolean hostMode) {
  /** Where a port binds when the definition names no host IP. */
  public static final String DEFAULT_HOST_IP = "127.0.0.1";

  private static final Pattern SHORT =
      Pattern.compile("(?:(?:\\[([0-9a-fA-F:.]+)]|(\\d{1,3}(?:\\.\\d{1,3}){3})):)?(?:(\\d*)(?:-(\\d+))?:)?(\\d+)(?:/(tcp|udp|sctp))?",
          Pattern.CASE_INSENSITIVE);

  public PortMapping {
    checkNotNull(hostIp, "hostIp");
    checkNotNull(published, "published");
    checkNotNull(protocol, "protocol");
    checkArgument(!hostIp.isBlank(), "a host IP cannot be blank");
    checkArgument(target >= 1 && target <= 65535, "container port %s is not between 1 and 65535", target);
    checkNotNull(name, "name");
    checkNotNull(appProtocol, "appProtocol");
  }

  /** A mapping without a name, application protocol or host mode. */
  public PortMapping(String hostIp, Optional<PortRange> published, int target, Protocol protocol) {
    this(hostIp, published, target, protocol, Optional.empty(), Optional.empty(), false);
  }

  /** The same mapping with a name, e.g. {@code PortMapping.parse("8080:80").named("http")}. */
  public PortMapping named(String name) {
    return new PortMapping(hostIp, published, target, protocol, Optional.of(checkNotNull(name, "name")), appProtocol, hostMode);
  }

  /** The same mapping with an application protocol, e.g. {@code http}. */
  public PortMapping withAppProtocol(String appProtocol) {
    return new PortMapping(hostIp, published, target, protocol, name, Optional.of(checkNotNull(appProtocol, "appProtocol")), hostMode);
  }

  /** The same mapping published in host mode on a Swarm (no routing mesh). */
  public PortMapping inHostMode() {
    return new PortMapping(hostIp, published, target, protocol, name, appProtocol, true);
  }

  /**
   * Whether the two map the same host IP, host port, container port and protocol: Compose's unique
   * key for ports, by which overrides replace a mapping.
   */
  public boolean sameKeyAs(PortMapping other) {
    return target == other.target && protocol == other.protocol && hostIp.equals(other.hostIp) && published.equals(other.published);
  }

  /** Whether it has a name, application protocol or host mode, which the short syntax cannot say. */
  public boolean hasDetails() {
    return name.isPresent() || appProtocol.isPresent() || hostMode;
  }

  /** {@code 127.0.0.1:hostPort -> containerPort/tcp}. */
  public static PortMapping of(int hostPort, int containerPort) {
    return new PortMapping(DEFAULT_HOST_IP, Optional.of(PortRange.of(hostPort)), containerPort, Protocol.TCP);
  }

  /**
   * Parses Compose's short syntax, {@code [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[/PROTOCOL]}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a port mapping
   */
  public static PortMapping parse(String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a port mapping (examples: 8080:80, 127.0.0.1:8080:80/tcp, 9090)");
    }
    String ip = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : DEFAULT_HOST_IP;
    Optional<PortRange> published = Optional.empty();
    try {
      if (m.group(3) != null && !m.group(3).isEmpty()) {
        int first = Integer.parseInt(m.group(3));
        int last = m.group(4) == null ? first : Integer.parseInt(m.group(4));
        published = Optional.of(new PortRange(first, last));
      }
      Protocol protocol =
          m.group(6) == null ? Protocol.TCP : Protocol.valueOf(m.group(6).toUpperCase(Locale.ROOT));
      return new PortMapping(ip, published, Integer.parseInt(m.group(5)), protocol);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a port mapping: " + e.getMessage(), e);
    }
  }

  /** Whether this binds every interface ({@code 0.0.0.0} or {@code ::}). */
  public boolean bindsAllInterfaces() {
    return hostIp.equals("0.0.0.0") || hostIp.equals("::");
  }

  /** Compose's short syntax for this mapping (without its name, application protocol and mode). */
  @Override
  public String toString() {
    String ip = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
    return ip + ":" + published.map(PortRange::toString).orElse("") + ":" + target + "/" + protocol.value();
  }
}
