package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import dev.sentinel.dsl.Ipam;
import dev.sentinel.dsl.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Network}'s driver options, IPv6 and address plan on the engine: in the create request
 * (single engine and Swarm alike), and compared with an existing network so a changed plan
 * recreates it.
 */
public final class NetworkMapping {
  private NetworkMapping() {}

  /** The labels a stack's network is created with: its own, the stack's, and which network of the stack it is. */
  public static Map<String, String> labels(Network n, Map<String, String> baseLabels) {
    Map<String, String> labels = new java.util.LinkedHashMap<>(n == null ? Map.of() : n.labels());
    labels.putAll(baseLabels);
    labels.put(Labels.NETWORK, n == null ? "default" : n.name());
    return labels;
  }

  /** Creates the engine network {@code name} as {@code n} defines it ({@code null}: the implicit default network). */
  public static void create(com.github.dockerjava.api.DockerClient docker, String name, Network n, Map<String, String> labels) {
    applyTo(n, docker.createNetworkCmd().withName(name).withLabels(labels)
        .withDriver(n == null ? "bridge" : n.driver().orElse("bridge"))
        .withInternal(n != null && n.internal())
        .withAttachable(n != null && n.attachable() ? Boolean.TRUE : null))
        .exec();
  }

  /** Sets what the definition sets; {@code null} (the implicit default network) sets nothing. */
  public static CreateNetworkCmd applyTo(Network n, CreateNetworkCmd cmd) {
    if (n == null) {
      return cmd;
    }
    if (!n.driverOptions().isEmpty()) {
      cmd.withOptions(n.driverOptions());
    }
    if (n.enableIpv6()) {
      cmd.withEnableIpv6(true);
    }
    if (n.ipam().isSet()) {
      cmd.withIpam(ipam(n.ipam()));
    }
    return cmd;
  }

  private static com.github.dockerjava.api.model.Network.Ipam ipam(Ipam ipam) {
    AddressPlan plan = new AddressPlan(ipam.options().isEmpty() ? null : ipam.options());
    plan.withDriver(ipam.driver().orElse("default"));
    List<com.github.dockerjava.api.model.Network.Ipam.Config> pools = new ArrayList<>();
    for (Ipam.Pool p : ipam.pools()) {
      Pool pool = new Pool(p.auxAddresses().isEmpty() ? null : p.auxAddresses());
      pool.withSubnet(p.subnet());
      p.ipRange().ifPresent(pool::withIpRange);
      p.gateway().ifPresent(pool::withGateway);
      pools.add(pool);
    }
    return plan.withConfig(pools);
  }

  /**
   * The settings of this mapping that differ between the definition and the engine's network
   * ({@code current}: its JSON, as {@code GET /networks/{id}} answers; see {@link EngineJson}).
   */
  static List<String> drift(Network wanted, JsonNode current) {
    List<String> changes = new ArrayList<>();
    JsonNode options = current.path("Options");
    if (wanted != null && wanted.driverOptions().entrySet().stream()
        .anyMatch(e -> !options.path(e.getKey()).isTextual() || !e.getValue().equals(options.path(e.getKey()).asText()))) {
      changes.add("driver_opts");
    }
    if ((wanted != null && wanted.enableIpv6()) != current.path("EnableIPv6").asBoolean(false)) {
      changes.add("enable_ipv6");
    }
    if (wanted != null && !wanted.ipam().pools().isEmpty() && !subnets(wanted).equals(subnets(current))) {
      changes.add("ipam");
    }
    return changes;
  }

  private static List<String> subnets(Network n) {
    return n.ipam().pools().stream().map(p -> p.subnet() + " " + p.ipRange().orElse("") + " " + p.gateway().orElse("")).sorted().toList();
  }

  private static List<String> subnets(JsonNode network) {
    List<String> subnets = new ArrayList<>();
    for (JsonNode c : network.path("IPAM").path("Config")) {
      subnets.add(c.path("Subnet").asText() + " " + c.path("IPRange").asText("") + " " + c.path("Gateway").asText(""));
    }
    subnets.sort(null);
    return subnets;
  }

  /** docker-java's IPAM model lacks the driver's options (API 1.41 {@code IPAM.Options}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class AddressPlan extends com.github.dockerjava.api.model.Network.Ipam {
    @JsonProperty("Options")
    final Map<String, String> options;

    AddressPlan(Map<String, String> options) {
      this.options = options;
    }
  }

  /** docker-java's IPAM pool lacks the reserved addresses (API 1.41 {@code IPAMConfig.AuxiliaryAddresses}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Pool extends com.github.dockerjava.api.model.Network.Ipam.Config {
    @JsonProperty("AuxiliaryAddresses")
    final Map<String, String> auxAddresses;

    Pool(Map<String, String> auxAddresses) {
      this.auxAddresses = auxAddresses;
    }
  }
}
