package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * A network of the stack.
 *
 * <pre>{@code
 * stack.network("backend", n -> n.internal());      // no route out of the host
 * stack.network("edge", n -> n.external());         // made elsewhere; never created or removed
 * }</pre>
 *
 * @param name the network's name in the stack (the engine's name is prefixed with the stack's)
 * @param driver the driver, when not the target's default ({@code bridge}, or {@code overlay} on Swarm)
 * @param internal whether the network has no route outside
 * @param attachable whether standalone containers may join (Swarm)
 * @param labels labels on the network
 * @param external whether the network exists already and is not managed by Sentinel
 * @param fixedName the engine's name when the definition fixes it (Compose's {@code name:})
 * @param driverOptions the driver's options (Compose's {@code driver_opts}), e.g. {@code com.docker.network.bridge.name}
 * @param enableIpv6 whether containers get IPv6 addresses too (Compose's {@code enable_ipv6})
 * @param ipam the address plan (Compose's {@code ipam})
 */
public record Network(
    String name, Optional<String> driver, boolean internal, boolean attachable, Map<String, String> labels, boolean external,
    Optional<String> fixedName, Map<String, String> driverOptions, boolean enableIpv6, Ipam ipam) {
  public Network {
    checkNotNull(name, "name");
    checkNotNull(driver, "driver");
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(fixedName, "fixedName");
    driverOptions = ImmutableMap.copyOf(driverOptions);
    checkNotNull(ipam, "ipam");
  }

  /** A network as Sentinel makes it by default: the target's driver, a route out, no options. */
  public static Network named(String name) {
    return new Network(name, Optional.empty(), false, false, Map.of(), false, Optional.empty(), Map.of(), false, Ipam.ENGINE_DEFAULT);
  }

  /** The same network, made attachable (Swarm's implicit default network is). */
  public Network withAttachable(boolean attachable) {
    return new Network(name, driver, internal, attachable, labels, external, fixedName, driverOptions, enableIpv6, ipam);
  }

  /** The same network, managed by this stack under its usual name (not external, no fixed name). */
  public Network managed() {
    return new Network(name, driver, internal, attachable, labels, false, Optional.empty(), driverOptions, enableIpv6, ipam);
  }

  /** The network's name on the engine: the fixed one, else its own when external, else {@code <stack>_<name>} as Compose names it. */
  public String engineName(String stack) {
    return fixedName.orElse(external ? name : stack + "_" + name);
  }
}
