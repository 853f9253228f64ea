package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Creates a container from a {@link ContainerSpec}: the one place a spec becomes an engine request. */
public final class ContainerRequests {
  private ContainerRequests() {}

  /**
   * Creates (not starts) the container and connects it to all its networks.
   *
   * @param warnings receives each warning of the engine's create response (a setting it dropped)
   * @return the container's ID
   */
  public static String create(DockerClient docker, ContainerSpec spec, String name, Map<String, String> labels,
      Consumer<String> warnings) {
    HostConfig host = HostConfig.newHostConfig().withMounts(mounts(spec));
    Map<String, String> tmpfs = tmpfsWithOptions(spec);
    if (!tmpfs.isEmpty()) {
      host.withTmpFs(tmpfs);
    }
    ResourcesMapping.applyTo(spec.resources(), host);
    KernelMapping.applyTo(spec.kernel(), host);
    LoggingMapping.applyTo(spec.logging(), host);
    List<String> networks = spec.networkJoinOrder();
    host.withNetworkMode(spec.networkMode() != null ? spec.networkMode() : networks.isEmpty() ? null : networks.get(0));
    List<ExposedPort> exposed = new ArrayList<>();
    if (!spec.ports().isEmpty()) {
      Ports bindings = new Ports();
      for (ContainerSpec.Port p : spec.ports()) {
        ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
        exposed.add(port);
        bindings.bind(port, p.hostPort() == null ? Ports.Binding.bindIp(p.hostIp()) : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
      }
      host.withPortBindings(bindings);
    }
    if (spec.expose() != null) {
      spec.expose().forEach(e -> exposed.addAll(exposedPorts(e)));
    }
    CreateContainerCmd cmd = docker.createContainerCmd(spec.imageId())
        .withName(name)
        .withLabels(labels)
        .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    // docker-java rejects nulls here: set only what the spec sets.
    if (!exposed.isEmpty()) {
      cmd.withExposedPorts(exposed);
    }
    // Each section sets its part of the request and of the host config.
    ExecutionMapping.applyTo(spec.execution(), cmd);
    SecurityMapping.applyTo(spec.security(), cmd, host);
    NamingMapping.applyTo(spec.naming(), cmd, host);
    LifecycleMapping.applyTo(spec.lifecycle(), cmd, host);
    cmd.withHostConfig(host);
    if (spec.health() != null) {
      cmd.withHealthcheck(DockerModels.healthCheck(spec.health()));
    }
    ContainerSpec.Endpoint first = null;
    if (spec.networkMode() == null && !networks.isEmpty()) {
      // The create request joins the first network, with its aliases and fixed addresses.
      cmd.withAliases(spec.networks().get(networks.get(0)));
      first = spec.endpoints() == null ? null : spec.endpoints().get(networks.get(0));
      if (first != null && first.ipv4Address() != null) {
        cmd.withIpv4Address(first.ipv4Address());
      }
      if (first != null && first.ipv6Address() != null) {
        cmd.withIpv6Address(first.ipv6Address());
      }
    }
    var created = cmd.exec();
    if (created.getWarnings() != null) {
      Arrays.stream(created.getWarnings()).filter(w -> !w.isBlank()).forEach(warnings);
    }
    String id = created.getId();
    if (first != null && first.linkLocalIps() != null) {
      // The create request cannot carry link-local addresses: rejoin the first network, not yet started, with them.
      docker.disconnectFromNetworkCmd().withContainerId(id).withNetworkId(networks.get(0)).exec();
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(networks.get(0)).withContainerNetwork(endpoint(spec, networks.get(0))).exec();
    }
    // The create request joins one network; the others are joined before the container starts.
    for (String network : networks.subList(Math.min(1, networks.size()), networks.size())) {
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network).withContainerNetwork(endpoint(spec, network)).exec();
    }
    return id;
  }

  /** A network membership as the engine's connect request takes it: aliases, fixed and link-local addresses. */
  private static ContainerNetwork endpoint(ContainerSpec spec, String network) {
    ContainerNetwork endpoint = new ContainerNetwork().withAliases(spec.networks().get(network));
    ContainerSpec.Endpoint e = spec.endpoints() == null ? null : spec.endpoints().get(network);
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

  private static List<Mount> mounts(ContainerSpec spec) {
    return spec.mounts().stream().filter(m -> m.tmpfsOptions() == null).map(DockerModels::mount).toList();
  }

  /**
   * A tmpfs with mount options (exec, uid=...) as the host config's tmpfs map: API 1.41's mount
   * type takes only size and mode.
   */
  private static Map<String, String> tmpfsWithOptions(ContainerSpec spec) {
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (ContainerSpec.MountSpec m : spec.mounts()) {
      if (m.tmpfsOptions() != null) {
        List<String> options = new ArrayList<>();
        if (m.tmpfsSizeBytes() != null) {
          options.add("size=" + m.tmpfsSizeBytes());
        }
        if (m.tmpfsMode() != null) {
          options.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
        }
        options.addAll(m.tmpfsOptions());
        tmpfs.put(m.target(), String.join(",", options));
      }
    }
    return tmpfs;
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
}
