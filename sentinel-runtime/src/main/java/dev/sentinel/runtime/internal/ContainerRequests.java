package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates a container from a {@link ContainerSpec}: the one place a spec becomes an engine request. */
public final class ContainerRequests {
  private ContainerRequests() {}

  /**
   * Creates (not starts) the container and connects it to all its networks.
   *
   * @return the container's ID
   */
  public static String create(DockerClient docker, ContainerSpec spec, String name, Map<String, String> labels) {
    HostConfig host = HostConfig.newHostConfig().withMounts(mounts(spec));
    ResourcesMapping.applyTo(spec.resources(), host);
    KernelMapping.applyTo(spec.kernel(), host);
    LoggingMapping.applyTo(spec.logging(), host);
    List<String> networks = new ArrayList<>(spec.networks().keySet());
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
    if (spec.networkMode() == null && !networks.isEmpty()) {
      cmd.withAliases(spec.networks().get(networks.get(0)));
    }
    String id = cmd.exec().getId();
    // The create request joins one network; the others are joined before the container starts.
    for (String network : networks.subList(Math.min(1, networks.size()), networks.size())) {
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network)
          .withContainerNetwork(new ContainerNetwork().withAliases(spec.networks().get(network))).exec();
    }
    return id;
  }

  private static List<Mount> mounts(ContainerSpec spec) {
    return spec.mounts().stream().map(DockerModels::mount).toList();
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
