package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service's membership of a network of the stack.
 *
 * <pre>{@code
 * svc.network("backend", "db-primary");                                    // with an alias
 * svc.network("front", n -> n.ipv4Address("172.28.0.10").priority(100)); // a fixed address, joined first
 * }</pre>
 *
 * @param network the network's name in the stack
 * @param aliases further DNS names the service answers to on that network
 * @param ipv4Address a fixed IPv4 address on the network (Compose's {@code ipv4_address}; one replica only)
 * @param ipv6Address a fixed IPv6 address on the network (Compose's {@code ipv6_address}; one replica only)
 * @param linkLocalIps link-local addresses on the network (Compose's {@code link_local_ips})
 * @param priority the order in which the service joins its networks, highest first (Compose's {@code
 *     priority}); the first network is the one the container is created on
 */
public record ServiceNetwork(String network, List<String> aliases, Optional<String> ipv4Address, Optional<String> ipv6Address,
    List<String> linkLocalIps, Optional<Integer> priority) {
  public ServiceNetwork {
    checkNotNull(network, "network");
    aliases = ImmutableList.copyOf(aliases);
    checkNotNull(ipv4Address, "ipv4Address").ifPresent(a -> checkArgument(InetAddresses.isInetAddress(a)
        && InetAddresses.forString(a) instanceof Inet4Address, "ipv4_address \"%s\" on network %s is not an IPv4 address", a, network));
    checkNotNull(ipv6Address, "ipv6Address").ifPresent(a -> checkArgument(InetAddresses.isInetAddress(a)
        && InetAddresses.forString(a) instanceof Inet6Address, "ipv6_address \"%s\" on network %s is not an IPv6 address", a, network));
    linkLocalIps = ImmutableList.copyOf(linkLocalIps);
    linkLocalIps.forEach(a -> checkArgument(InetAddresses.isInetAddress(a), "link-local address \"%s\" on network %s is not an address", a, network));
    checkNotNull(priority, "priority");
  }

  /** Membership with aliases only: the engine picks the addresses. */
  public static ServiceNetwork of(String network, List<String> aliases) {
    return new ServiceNetwork(network, aliases, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
  }

  /** Configures a {@link ServiceNetwork}; an overlay starts from the base service's membership. */
  public static final class Builder {
    private final String network;
    private final List<String> aliases;
    private Optional<String> ipv4Address;
    private Optional<String> ipv6Address;
    private final List<String> linkLocalIps;
    private Optional<Integer> priority;

    Builder(String network, Optional<ServiceNetwork> from) {
      this.network = network;
      this.aliases = new ArrayList<>(from.map(ServiceNetwork::aliases).orElse(List.of()));
      this.ipv4Address = from.flatMap(ServiceNetwork::ipv4Address);
      this.ipv6Address = from.flatMap(ServiceNetwork::ipv6Address);
      this.linkLocalIps = new ArrayList<>(from.map(ServiceNetwork::linkLocalIps).orElse(List.of()));
      this.priority = from.flatMap(ServiceNetwork::priority);
    }

    /** Further DNS names the service answers to on this network. */
    public Builder alias(String... aliases) {
      for (String a : aliases) {
        if (!this.aliases.contains(checkNotNull(a, "alias"))) {
          this.aliases.add(a);
        }
      }
      return this;
    }

    /** A fixed IPv4 address, inside a subnet the network declares. */
    public Builder ipv4Address(String address) {
      this.ipv4Address = Optional.of(checkNotNull(address, "address"));
      return this;
    }

    /** A fixed IPv6 address, inside a subnet the network declares. */
    public Builder ipv6Address(String address) {
      this.ipv6Address = Optional.of(checkNotNull(address, "address"));
      return this;
    }

    /** A link-local address, e.g. {@code 169.254.8.8}. */
    public Builder linkLocalIp(String address) {
      linkLocalIps.add(checkNotNull(address, "address"));
      return this;
    }

    /** Joins networks of higher priority first (Compose's default is 0). */
    public Builder priority(int priority) {
      this.priority = Optional.of(priority);
      return this;
    }

    ServiceNetwork build() {
      return new ServiceNetwork(network, aliases, ipv4Address, ipv6Address, linkLocalIps, priority);
    }
  }
}
