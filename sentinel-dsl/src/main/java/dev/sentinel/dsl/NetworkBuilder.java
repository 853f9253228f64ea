package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configures a {@link Network}.
 *
 * <pre>{@code
 * stack.network("backend", n -> n.internal().label("tier", "data"));
 * }</pre>
 */
public final class NetworkBuilder {
  private final String name;
  private Optional<String> driver;
  private boolean internal;
  private boolean attachable;
  private final Map<String, String> labels;
  private boolean external;
  private Optional<String> fixedName;
  private final Map<String, String> driverOptions;
  private boolean enableIpv6;
  private Optional<String> ipamDriver;
  private final java.util.List<Ipam.Pool> pools;
  private final Map<String, String> ipamOptions;

  NetworkBuilder(String name, Optional<Network> from) {
    this.name = name;
    this.driver = from.flatMap(Network::driver);
    this.internal = from.map(Network::internal).orElse(false);
    this.attachable = from.map(Network::attachable).orElse(false);
    this.labels = new LinkedHashMap<>(from.map(Network::labels).orElse(Map.of()));
    this.external = from.map(Network::external).orElse(false);
    this.fixedName = from.flatMap(Network::fixedName);
    this.driverOptions = new LinkedHashMap<>(from.map(Network::driverOptions).orElse(Map.of()));
    this.enableIpv6 = from.map(Network::enableIpv6).orElse(false);
    Ipam ipam = from.map(Network::ipam).orElse(Ipam.ENGINE_DEFAULT);
    this.ipamDriver = ipam.driver();
    this.pools = new java.util.ArrayList<>(ipam.pools());
    this.ipamOptions = new LinkedHashMap<>(ipam.options());
  }

  /** An option of the network driver (Compose's {@code driver_opts}), e.g. {@code com.docker.network.bridge.name}. */
  public NetworkBuilder driverOption(String key, String value) {
    driverOptions.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** Containers get IPv6 addresses as well (Compose's {@code enable_ipv6}); needs an IPv6 subnet or an engine with a default IPv6 pool. */
  public NetworkBuilder enableIpv6() {
    return enableIpv6(true);
  }

  public NetworkBuilder enableIpv6(boolean enabled) {
    this.enableIpv6 = enabled;
    return this;
  }

  /** A subnet of the network, in CIDR notation (Compose's {@code ipam.config[].subnet}). */
  public NetworkBuilder subnet(String cidr) {
    return subnet(cidr, p -> {});
  }

  /**
   * A subnet with its address range, gateway or reserved addresses.
   *
   * <pre>{@code n.subnet("172.28.0.0/16", p -> p.ipRange("172.28.5.0/24").gateway("172.28.5.254"))}</pre>
   */
  public NetworkBuilder subnet(String cidr, java.util.function.Consumer<Ipam.PoolBuilder> configurer) {
    Ipam.PoolBuilder b = new Ipam.PoolBuilder();
    checkNotNull(configurer, "configurer").accept(b);
    Ipam.Pool pool = b.build(cidr);
    pools.removeIf(p -> p.subnet().equals(cidr));
    pools.add(pool);
    return this;
  }

  /** The IPAM driver, when not the engine's {@code default}. */
  public NetworkBuilder ipamDriver(String driver) {
    this.ipamDriver = Optional.of(checkNotNull(driver, "driver"));
    return this;
  }

  /** An option of the IPAM driver. */
  public NetworkBuilder ipamOption(String key, String value) {
    ipamOptions.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** The network driver, e.g. {@code bridge} or {@code overlay}. */
  public NetworkBuilder driver(String driver) {
    this.driver = Optional.of(checkNotNull(driver, "driver"));
    return this;
  }

  /** No route out: containers on it reach only each other. */
  public NetworkBuilder internal() {
    return internal(true);
  }

  public NetworkBuilder internal(boolean internal) {
    this.internal = internal;
    return this;
  }

  /** Standalone containers may join (Swarm overlay networks). */
  public NetworkBuilder attachable() {
    this.attachable = true;
    return this;
  }

  public NetworkBuilder label(String key, String value) {
    labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** The network exists already; Sentinel never creates or removes it. */
  public NetworkBuilder external() {
    this.external = true;
    return this;
  }

  /**
   * The name the network has on the engine, instead of {@code <stack>_<name>}: Compose's {@code
   * name:}, mostly for external networks made by another stack (e.g. {@code traefik_proxy}).
   */
  public NetworkBuilder engineName(String engineName) {
    this.fixedName = Optional.of(checkNotNull(engineName, "engineName"));
    return this;
  }

  Network build() {
    return new Network(name, driver, internal, attachable, labels, external, fixedName, driverOptions, enableIpv6,
        new Ipam(ipamDriver, pools, ipamOptions));
  }
}
