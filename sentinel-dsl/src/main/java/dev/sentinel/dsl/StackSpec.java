package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective, validated definition of a stack in one environment: what the runtime applies and
 * the exporter writes. Obtain it from {@link Stack#base()} or {@link Stack#resolve(String)}.
 *
 * <pre>{@code
 * StackSpec production = stack.resolve("production");
 * production.services().get("orchestrator").deploy().replicas();  // 3
 * }</pre>
 *
 * @param name the stack's name, which prefixes every engine object
 * @param environment the environment this was resolved for; empty for the base definition
 * @param services services by name, in definition order
 * @param networks networks by name
 * @param volumes named volumes by name
 * @param secrets secrets by name
 * @param configs configs by name
 */
public record StackSpec(
    String name,
    Optional<String> environment,
    Map<String, Service> services,
    Map<String, Network> networks,
    Map<String, Volume> volumes,
    Map<String, Secret> secrets,
    Map<String, Config> configs) {

  public StackSpec {
    checkNotNull(name, "name");
    checkNotNull(environment, "environment");
    services = ImmutableMap.copyOf(services);
    networks = ImmutableMap.copyOf(networks);
    volumes = ImmutableMap.copyOf(volumes);
    secrets = ImmutableMap.copyOf(secrets);
    configs = ImmutableMap.copyOf(configs);
  }

  /** The service named {@code name}. @throws IllegalArgumentException naming the known services */
  public Service service(String name) {
    Service service = services.get(name);
    checkArgument(service != null, "stack \"%s\" has no service \"%s\" (it has: %s)", this.name, name, String.join(", ", services.keySet()));
    return service;
  }

  /** The engine's name of network {@code network}, including Compose's implicit {@code default}. */
  public String networkEngineName(String network) {
    Network n = networks.get(network);
    return n != null ? n.engineName(name) : name + "_" + network;
  }

  /** The engine's name of volume {@code volume}. */
  public String volumeEngineName(String volume) {
    Volume v = volumes.get(volume);
    return v != null ? v.engineName(name) : name + "_" + volume;
  }

  /** Every profile some service declares. */
  public Set<String> profiles() {
    ImmutableSet.Builder<String> all = ImmutableSet.builder();
    services.values().forEach(s -> all.addAll(s.profiles()));
    return all.build();
  }

  /**
   * The services enabled when {@code activeProfiles} are active: those without profiles, and those
   * with at least one active profile (Compose's rule).
   */
  public Map<String, Service> enabledServices(Collection<String> activeProfiles) {
    ImmutableMap.Builder<String, Service> enabled = ImmutableMap.builder();
    services.forEach((name, s) -> {
      if (s.profiles().isEmpty() || s.profiles().stream().anyMatch(activeProfiles::contains)) {
        enabled.put(name, s);
      }
    });
    return enabled.build();
  }
}
