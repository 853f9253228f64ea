package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a service's containers are reached: the networks they join, a special network mode instead,
 * the ports they publish and the ports they expose. One section of a {@link Service} (see {@link
 * Execution} for what a section is); set through {@link ServiceBuilder#network}, {@link
 * ServiceBuilder#networkMode}, {@link ServiceBuilder#port}, {@link ServiceBuilder#expose} and {@link
 * ServiceBuilder#externalLink}.
 *
 * <pre>{@code
 * svc.network("backend", "api-internal").port("127.0.0.1:8080:8080").expose("9100");
 * }</pre>
 *
 * @param networks the stack networks the service joins, by name (none: the stack's default network,
 *     unless {@code networkMode} is set)
 * @param networkMode a special network mode ({@code host}, {@code none}, {@code service:x}) instead of networks
 * @param ports published ports, at most one per host IP, host port, container port and protocol
 * @param expose container ports made known to linked services without publishing them (Compose's
 *     {@code expose}; documentation on user-defined networks)
 * @param externalLinks containers not of the stack that this service reaches under another name, as
 *     {@code container} or {@code container:alias} (Compose's {@code external_links}; the engine's
 *     links, on the networks both share; single engine only)
 */
public record Networking(Map<String, ServiceNetwork> networks, Optional<String> networkMode, List<PortMapping> ports, List<String> expose,
    List<String> externalLinks) {
  /** The engine's own: the stack's default network, nothing published. */
  public static final Networking DEFAULT = new Networking(Map.of(), Optional.empty(), List.of(), List.of(), List.of());

  public Networking {
    networks = ImmutableMap.copyOf(networks);
    checkNotNull(networkMode, "networkMode");
    ports = ImmutableList.copyOf(ports);
    expose = ImmutableList.copyOf(expose);
    externalLinks = ImmutableList.copyOf(externalLinks);
  }

  /** Whether the containers join the stack's default network: they name no network and have no network mode. */
  public boolean joinsDefaultNetwork() {
    return networks.isEmpty() && networkMode.isEmpty();
  }

  /** Whether the containers join {@code network} of the stack, by its name in the stack ({@code default} included). */
  public boolean joins(String network) {
    return networks.containsKey(network) || (network.equals("default") && joinsDefaultNetwork());
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("networks", "network_mode", "ports", "expose", "external_links");

    final Map<String, ServiceNetwork> networks;
    Optional<String> networkMode;
    final List<PortMapping> ports;
    final List<String> expose;
    final List<String> externalLinks;

    State(Networking from) {
      networks = new LinkedHashMap<>(from.networks());
      networkMode = from.networkMode();
      ports = new ArrayList<>(from.ports());
      expose = new ArrayList<>(from.expose());
      externalLinks = new ArrayList<>(from.externalLinks());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "networks" -> networks.clear();
        case "network_mode" -> networkMode = Optional.empty();
        case "ports" -> ports.clear();
        case "expose" -> expose.clear();
        case "external_links" -> externalLinks.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Networking build() {
      return new Networking(networks, networkMode, ports, expose, externalLinks);
    }
  }
}
