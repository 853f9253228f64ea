package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.TaskSpec;
import dev.sentinel.dsl.Naming;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.ServiceNetwork;
import dev.sentinel.dsl.StackSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link dev.sentinel.dsl.Networking} section on the engine: networks (with the service's name,
 * its aliases and the aliases other services' links give it), the network mode, published and
 * exposed ports, fixed addresses and external links in the container spec; the create request and
 * the joining of further networks; the Swarm task's network attachments and the service's published
 * ports.
 */
final class NetworkingMapping {
  private NetworkingMapping() {}

  /**
   * This section's fields of a container spec. {@code networks} and {@code ports} are always
   * present (they were before sections existed, so existing containers keep their hash); the others
   * are {@code null} when unset, absent from the hash.
   *
   * @param networks aliases by engine network name
   * @param endpoints fixed settings by engine network name, for the networks that have any
   * @param externalLinks links to containers outside the stack, {@code container[:alias]}, on every network
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(String networkMode, Map<String, List<String>> networks, List<Port> ports, List<String> expose, Map<String, Endpoint> endpoints,
      List<String> externalLinks) {
    /** The networks in the order the container joins them: highest priority first, then by name (the first one it is created on). */
    List<String> networkJoinOrder() {
      return networks.keySet().stream().sorted(Comparator.comparing((String n) -> -priority(n)).thenComparing(Comparator.naturalOrder())).toList();
    }

    private int priority(String network) {
      Endpoint e = endpoints == null ? null : endpoints.get(network);
      return e == null || e.priority() == null ? 0 : e.priority();
    }
  }

  /** A published port; {@code hostPort} null lets the engine pick. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Port(String hostIp, Integer hostPort, int containerPort, String protocol) {}

  /**
   * A network membership's fixed settings (Compose's {@code ipv4_address}, {@code ipv6_address},
   * {@code link_local_ips}, {@code priority}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Endpoint(String ipv4Address, String ipv6Address, List<String> linkLocalIps, Integer priority) {}

  /** The section's spec for replica {@code replica} (1-based) of {@code s}: each replica publishes the next port of a host range. */
  static Spec spec(Service s, StackSpec stack, int replica) {
    var n = s.networking();
    List<Port> ports = new ArrayList<>();
    for (PortMapping p : n.ports()) {
      Integer host = p.published().map(range -> range.first() + (replica - 1)).orElse(null);
      ports.add(new Port(p.hostIp(), host, p.target(), p.protocol().value()));
    }
    return new Spec(n.networkMode().orElse(null), networks(s, stack), ports, n.expose().isEmpty() ? null : n.expose(), endpoints(s, stack),
        n.externalLinks().isEmpty() ? null : n.externalLinks());
  }

  private static Map<String, List<String>> networks(Service s, StackSpec stack) {
    Map<String, List<String>> networks = new TreeMap<>();
    for (ServiceNetwork n : s.networking().networks().values()) {
      networks.put(stack.networkEngineName(n.network()), aliases(s, n.network(), n.aliases(), stack));
    }
    if (s.networking().joinsDefaultNetwork()) {
      // Like Compose: a service that names no network joins the stack's default network.
      networks.put(stack.networkEngineName("default"), aliases(s, "default", List.of(), stack));
    }
    return networks;
  }

  /** The service's own name, its aliases, then the aliases other services' links give it on {@code network}. */
  private static List<String> aliases(Service s, String network, List<String> own, StackSpec stack) {
    List<String> aliases = new ArrayList<>();
    aliases.add(s.name());
    aliases.addAll(own);
    linkAliases(s, network, stack).stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
    return aliases;
  }

  /** The aliases other services' links give {@code target} on a network both share (Compose's links, as aliases). */
  private static List<String> linkAliases(Service target, String network, StackSpec stack) {
    List<String> aliases = new ArrayList<>();
    for (Service other : stack.services().values()) {
      for (String link : other.naming().links()) {
        if (Naming.linkedService(link).equals(target.name()) && other.networking().joins(network)) {
          aliases.add(Naming.linkAlias(link));
        }
      }
    }
    return aliases.stream().distinct().sorted().toList();
  }

  /** Fixed addresses and priorities by engine network name; {@code null} (absent from the hash) when there are none. */
  private static Map<String, Endpoint> endpoints(Service s, StackSpec stack) {
    Map<String, Endpoint> endpoints = new TreeMap<>();
    for (ServiceNetwork n : s.networking().networks().values()) {
      if (n.ipv4Address().isPresent() || n.ipv6Address().isPresent() || !n.linkLocalIps().isEmpty() || n.priority().isPresent()) {
        endpoints.put(stack.networkEngineName(n.network()), new Endpoint(n.ipv4Address().orElse(null),
            n.ipv6Address().orElse(null), n.linkLocalIps().isEmpty() ? null : n.linkLocalIps(), n.priority().orElse(null)));
      }
    }
    return endpoints.isEmpty() ? null : endpoints;
  }

  /**
   * Sets the network mode (or the first network to join), published and exposed ports, and the
   * first network's aliases and fixed addresses on the create request.
   */
  static void applyTo(Spec spec, CreateContainerCmd cmd, HostConfig host) {
    List<String> networks = spec.networkJoinOrder();
    host.withNetworkMode(spec.networkMode() != null ? spec.networkMode() : networks.isEmpty() ? null : networks.get(0));
    List<ExposedPort> exposed = new ArrayList<>();
    if (!spec.ports().isEmpty()) {
      Ports bindings = new Ports();
      for (Port p : spec.ports()) {
        ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
        exposed.add(port);
        bindings.bind(port, p.hostPort() == null ? Ports.Binding.bindIp(p.hostIp()) : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
      }
      host.withPortBindings(bindings);
    }
    if (spec.expose() != null) {
      spec.expose().forEach(e -> exposed.addAll(exposedPorts(e)));
    }
    // docker-java rejects nulls here: set only what the spec sets.
    if (!exposed.isEmpty()) {
      cmd.withExposedPorts(exposed);
    }
    Endpoint first = firstEndpoint(spec, networks);
    if (spec.networkMode() == null && !networks.isEmpty()) {
      // The create request joins the first network, with its aliases and fixed addresses.
      cmd.withAliases(spec.networks().get(networks.get(0)));
      if (first != null && first.ipv4Address() != null) {
        cmd.withIpv4Address(first.ipv4Address());
      }
      if (first != null && first.ipv6Address() != null) {
        cmd.withIpv6Address(first.ipv6Address());
      }
    }
  }

  private static Endpoint firstEndpoint(Spec spec, List<String> networks) {
    return spec.networkMode() != null || networks.isEmpty() || spec.endpoints() == null ? null : spec.endpoints().get(networks.get(0));
  }

  /**
   * Joins the created (not yet started) container {@code id} to the rest of its networks; the create
   * request joined the first one, but cannot carry link-local addresses or links, so a first network
   * with some is joined again with them.
   */
  static void joinNetworks(DockerClient docker, Spec spec, String id) {
    List<String> networks = spec.networkJoinOrder();
    Endpoint first = firstEndpoint(spec, networks);
    if (spec.networkMode() == null && !networks.isEmpty() && (first != null && first.linkLocalIps() != null || spec.externalLinks() != null)) {
      docker.disconnectFromNetworkCmd().withContainerId(id).withNetworkId(networks.get(0)).exec();
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(networks.get(0)).withContainerNetwork(endpoint(spec, networks.get(0))).exec();
    }
    for (String network : networks.subList(Math.min(1, networks.size()), networks.size())) {
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network).withContainerNetwork(endpoint(spec, network)).exec();
    }
  }

  /** A network membership as the engine's connect request takes it: aliases, links, fixed and link-local addresses. */
  private static ContainerNetwork endpoint(Spec spec, String network) {
    ContainerNetwork endpoint = new ContainerNetwork().withAliases(spec.networks().get(network));
    if (spec.externalLinks() != null) {
      // On a user-defined network a link is the endpoint's: the alias resolves, for this container only, to that container.
      endpoint.withLinks(spec.externalLinks().stream().map(l -> new Link(Naming.linkedService(l), Naming.linkAlias(l))).toList());
    }
    Endpoint e = spec.endpoints() == null ? null : spec.endpoints().get(network);
    if (e != null && (e.ipv4Address() != null || e.ipv6Address() != null || e.linkLocalIps() != null)) {
      endpoint.withIpamConfig(new EndpointAddresses(e.ipv4Address(), e.ipv6Address(), e.linkLocalIps()));
    }
    return endpoint;
  }

  /** docker-java's endpoint IPAM config lacks the link-local addresses the engine takes (API 1.41 {@code EndpointIPAMConfig}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class EndpointAddresses extends ContainerNetwork.Ipam {
    @JsonProperty("LinkLocalIPs")
    final List<String> linkLocalIps;

    EndpointAddresses(String ipv4, String ipv6, List<String> linkLocalIps) {
      if (ipv4 != null) {
        withIpv4Address(ipv4);
      }
      if (ipv6 != null) {
        withIpv6Address(ipv6);
      }
      this.linkLocalIps = linkLocalIps;
    }
  }

  /** Compose's {@code expose} entry ({@code 3000}, {@code 8000-8001/udp}) as exposed ports. */
  private static List<ExposedPort> exposedPorts(String entry) {
    String[] parts = entry.split("/", 2);
    InternetProtocol protocol = parts.length == 2 ? InternetProtocol.parse(parts[1]) : InternetProtocol.TCP;
    String[] range = parts[0].split("-", 2);
    int first = Integer.parseInt(range[0]);
    int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
    List<ExposedPort> ports = new ArrayList<>();
    for (int port = first; port <= last; port++) {
      ports.add(new ExposedPort(port, protocol));
    }
    return ports;
  }

  /**
   * The Swarm side: the task joins its networks with their aliases, and the service publishes its
   * ports, in host mode with DNS round-robin (no VIP to route ingress to) or when the port asks.
   */
  static EndpointSpec applyTo(Spec spec, Service s, TaskSpec task, boolean dnsrr) {
    List<NetworkAttachmentConfig> networks = new ArrayList<>();
    spec.networks().forEach((name, aliases) -> networks.add(new NetworkAttachmentConfig().withTarget(name).withAliases(aliases)));
    task.withNetworks(networks);
    List<PortConfig> ports = new ArrayList<>();
    for (PortMapping p : s.networking().ports()) {
      PortConfig port = new PortConfig().withTargetPort(p.target())
          .withProtocol(PortConfigProtocol.valueOf(p.protocol().name()))
          .withPublishMode(dnsrr || s.deploy().dnsRoundRobin() || p.hostMode() ? PortConfig.PublishMode.host : PortConfig.PublishMode.ingress);
      p.published().ifPresent(r -> port.withPublishedPort(r.first()));
      ports.add(port);
    }
    return new EndpointSpec().withMode(dnsrr ? EndpointResolutionMode.DNSRR : EndpointResolutionMode.VIP).withPorts(ports);
  }

  /** The section's attributes a Swarm task has no setting for: a task's network attachment takes aliases only. */
  static List<String> ignoredOnSwarm(dev.sentinel.dsl.Networking n) {
    List<String> ignored = new ArrayList<>();
    if (!n.externalLinks().isEmpty()) {
      ignored.add("external_links");
    }
    if (n.networks().values().stream().anyMatch(m -> m.ipv4Address().isPresent())) {
      ignored.add("ipv4_address");
    }
    if (n.networks().values().stream().anyMatch(m -> m.ipv6Address().isPresent())) {
      ignored.add("ipv6_address");
    }
    if (n.networks().values().stream().anyMatch(m -> !m.linkLocalIps().isEmpty())) {
      ignored.add("link_local_ips");
    }
    return ignored;
  }
}
