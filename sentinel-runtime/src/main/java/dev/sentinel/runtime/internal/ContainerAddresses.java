package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where Sentinel's process reaches a container's TCP port: the host port it is published on, at
 * the engine's host (loopback for a local engine, the host of a {@code tcp://} address otherwise),
 * or else the container's own address on one of its networks (routed only by a local Linux engine).
 */
final class ContainerAddresses {
  private static final Set<String> ANY_ADDRESS = Set.of("", "0.0.0.0", "::");

  /** A host and port to connect to. */
  record Address(String host, int port) {
    String hostAndPort() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    InetSocketAddress socketAddress() {
      return new InetSocketAddress(host, port);
    }
  }

  private final DockerClient docker;
  private final String engineHost;
  private final boolean localEngine;
  private final String containerId;

  ContainerAddresses(DockerClient docker, URI engineAddress, String containerId) {
    this.docker = docker;
    this.localEngine = !"tcp".equals(engineAddress.getScheme()) && !"ssh".equals(engineAddress.getScheme())
        && !"http".equals(engineAddress.getScheme()) && !"https".equals(engineAddress.getScheme());
    this.engineHost = localEngine || engineAddress.getHost() == null ? "127.0.0.1" : engineAddress.getHost();
    this.containerId = containerId;
  }

  /** Where {@code containerPort}/tcp is reached now; empty when the container has no address yet. */
  Optional<Address> of(int containerPort) {
    NetworkSettings settings = docker.inspectContainerCmd(containerId).exec().getNetworkSettings();
    if (settings == null) {
      return Optional.empty();
    }
    Ports.Binding[] bindings = settings.getPorts() == null ? null : settings.getPorts().getBindings().get(ExposedPort.tcp(containerPort));
    if (bindings != null) {
      for (Ports.Binding b : bindings) {
        if (b.getHostPortSpec() == null || b.getHostPortSpec().isEmpty()) {
          continue;
        }
        String hostIp = b.getHostIp() == null ? "" : b.getHostIp();
        // A port bound to one address of a remote engine's host is reached there; bound to all, at the engine's host name.
        String host = ANY_ADDRESS.contains(hostIp) || (!localEngine && hostIp.startsWith("127.")) ? engineHost : hostIp;
        return Optional.of(new Address(host, Integer.parseInt(b.getHostPortSpec())));
      }
    }
    Map<String, ContainerNetwork> networks = settings.getNetworks();
    if (networks != null) {
      for (ContainerNetwork n : networks.values()) {
        if (n.getIpAddress() != null && !n.getIpAddress().isEmpty()) {
          return Optional.of(new Address(n.getIpAddress(), containerPort));
        }
      }
    }
    return Optional.empty();
  }
}
