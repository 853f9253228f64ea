package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ContainerDNSConfig;
import com.github.dockerjava.api.model.HostConfig;
import dev.sentinel.dsl.Naming;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Naming} section on the engine: host name, extra {@code /etc/hosts} entries and DNS
 * servers in the container spec, the create request and the Swarm service. (The container name is
 * the planner's: it names containers, it is not part of their spec. Links are in the spec, so a
 * changed link recreates the service; their aliases are given to the linked service's containers by
 * {@link ContainerSpecs}.)
 */
final class NamingMapping {
  private NamingMapping() {}

  /** This section's fields of a container spec; unset ones are {@code null}, absent from the hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(String hostname, Map<String, String> extraHosts, List<String> dns, String domainname, List<String> dnsSearch,
      List<String> dnsOptions, String macAddress, List<String> links) {}

  static Spec spec(Naming n) {
    return new Spec(n.hostname().orElse(null), n.extraHosts().isEmpty() ? null : new TreeMap<>(n.extraHosts()),
        n.dns().isEmpty() ? null : n.dns(), n.domainname().orElse(null), n.dnsSearch().isEmpty() ? null : n.dnsSearch(),
        n.dnsOptions().isEmpty() ? null : n.dnsOptions(), n.macAddress().orElse(null), n.links().isEmpty() ? null : n.links());
  }

  static void applyTo(Spec spec, CreateContainerCmd cmd, HostConfig host) {
    if (spec.hostname() != null) {
      cmd.withHostName(spec.hostname());
    }
    if (spec.extraHosts() != null) {
      host.withExtraHosts(spec.extraHosts().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toArray(String[]::new));
    }
    if (spec.dns() != null) {
      host.withDns(spec.dns());
    }
    if (spec.domainname() != null) {
      cmd.withDomainName(spec.domainname());
    }
    if (spec.dnsSearch() != null) {
      host.withDnsSearch(spec.dnsSearch());
    }
    if (spec.dnsOptions() != null) {
      host.withDnsOptions(spec.dnsOptions());
    }
    if (spec.macAddress() != null) {
      // API 1.41 takes the address on the container config; it applies to the first network's endpoint.
      cmd.withMacAddress(spec.macAddress());
    }
  }

  static void applyTo(Spec spec, com.github.dockerjava.api.model.ContainerSpec swarm) {
    if (spec.hostname() != null) {
      swarm.withHostname(spec.hostname());
    }
    if (spec.extraHosts() != null) {
      // Swarm takes /etc/hosts lines: "ADDRESS HOSTNAME".
      swarm.withHosts(spec.extraHosts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }
    // A Swarm task has no domain name or MAC address setting (see ignoredOnSwarm).
    if (spec.dns() != null || spec.dnsSearch() != null || spec.dnsOptions() != null) {
      swarm.withDnsConfig(new ContainerDNSConfig().withNameservers(spec.dns()).withSearch(spec.dnsSearch()).withOptions(spec.dnsOptions()));
    }
  }

  /** The section's attributes a Swarm task has no setting for. */
  static List<String> ignoredOnSwarm(Naming n) {
    List<String> ignored = new java.util.ArrayList<>();
    n.domainname().ifPresent(d -> ignored.add("domainname"));
    n.macAddress().ifPresent(m -> ignored.add("mac_address"));
    return ignored;
  }
}
