package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The address plan of a {@link Network} (Compose's {@code ipam}): its subnets, and an IPAM driver
 * when not the engine's. Fixed container addresses ({@link ServiceNetwork#ipv4Address()}) need a
 * subnet declared here.
 *
 * <pre>{@code
 * stack.network("front", n -> n.subnet("172.28.0.0/16", p -> p.ipRange("172.28.5.0/24").gateway("172.28.5.254")));
 * }</pre>
 *
 * @param driver the IPAM driver, when not {@code default}
 * @param pools the subnets, in order
 * @param options the driver's options
 */
public record Ipam(Optional<String> driver, List<Pool> pools, Map<String, String> options) {
  /** The engine picks the subnet. */
  public static final Ipam ENGINE_DEFAULT = new Ipam(Optional.empty(), List.of(), Map.of());

  public Ipam {
    checkNotNull(driver, "driver");
    pools = ImmutableList.copyOf(pools);
    options = ImmutableMap.copyOf(options);
  }

  /** Whether anything differs from the engine's choice. */
  public boolean isSet() {
    return !equals(ENGINE_DEFAULT);
  }

  /** Whether {@code address} lies in one of the subnets. */
  public boolean contains(String address) {
    return pools.stream().anyMatch(p -> Cidr.contains(p.subnet(), address));
  }

  /**
   * One subnet of a network.
   *
   * @param subnet the subnet in CIDR notation, e.g. {@code 172.28.0.0/16} or {@code 2001:db8::/64}
   * @param ipRange the part of the subnet the engine hands out to containers, when not all of it
   * @param gateway the gateway address, when not the engine's choice
   * @param auxAddresses addresses the engine must not hand out, by a name of their own
   */
  public record Pool(String subnet, Optional<String> ipRange, Optional<String> gateway, Map<String, String> auxAddresses) {
    public Pool {
      Cidr.check(subnet, "subnet");
      checkNotNull(ipRange, "ipRange").ifPresent(r -> {
        Cidr.check(r, "ip_range");
        checkArgument(Cidr.contains(subnet, r.substring(0, r.indexOf('/'))), "ip_range %s is not inside subnet %s", r, subnet);
      });
      checkNotNull(gateway, "gateway").ifPresent(g -> checkArgument(Cidr.contains(subnet, g), "gateway %s is not inside subnet %s", g, subnet));
      auxAddresses = ImmutableMap.copyOf(auxAddresses);
      auxAddresses.forEach((name, a) -> checkArgument(Cidr.contains(subnet, a), "aux address %s (%s) is not inside subnet %s", name, a, subnet));
    }
  }

  /** Configures one {@link Pool}. */
  public static final class PoolBuilder {
    private Optional<String> ipRange = Optional.empty();
    private Optional<String> gateway = Optional.empty();
    private final Map<String, String> auxAddresses = new LinkedHashMap<>();

    PoolBuilder() {}

    /** The part of the subnet handed out to containers, in CIDR notation. */
    public PoolBuilder ipRange(String cidr) {
      this.ipRange = Optional.of(checkNotNull(cidr, "ipRange"));
      return this;
    }

    public PoolBuilder gateway(String address) {
      this.gateway = Optional.of(checkNotNull(address, "gateway"));
      return this;
    }

    /** An address the engine must not hand out (a host or router already on the subnet). */
    public PoolBuilder auxAddress(String name, String address) {
      auxAddresses.put(checkNotNull(name, "name"), checkNotNull(address, "address"));
      return this;
    }

    Pool build(String subnet) {
      return new Pool(subnet, ipRange, gateway, auxAddresses);
    }
  }

  /** CIDR arithmetic on parsed addresses (never on strings). */
  static final class Cidr {
    private Cidr() {}

    static void check(String cidr, String what) {
      checkNotNull(cidr, what);
      int slash = cidr.indexOf('/');
      checkArgument(slash > 0 && InetAddresses.isInetAddress(cidr.substring(0, slash)),
          "%s \"%s\" is not an address and prefix length, e.g. 172.28.0.0/16 or 2001:db8::/64", what, cidr);
      int bits = InetAddresses.forString(cidr.substring(0, slash)).getAddress().length * 8;
      int prefix;
      try {
        prefix = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " \"" + cidr + "\" has no numeric prefix length");
      }
      checkArgument(prefix >= 0 && prefix <= bits, "%s \"%s\": the prefix length must be 0 to %s", what, cidr, bits);
    }

    /** Whether a literal address is inside the subnet; false for another address family or a non-address. */
    static boolean contains(String cidr, String address) {
      if (!InetAddresses.isInetAddress(address)) {
        return false;
      }
      int slash = cidr.indexOf('/');
      byte[] net = InetAddresses.forString(cidr.substring(0, slash)).getAddress();
      InetAddress a = InetAddresses.forString(address);
      byte[] ip = a.getAddress();
      if (ip.length != net.length) {
        return false;
      }
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((ip[bit / 8] & mask) != (net[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
