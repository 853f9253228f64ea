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
 * What a service's containers are called and how they resolve names. One section of a {@link
 * Service} (see {@link Execution} for what a section is); set through {@link
 * ServiceBuilder#hostname}, {@link ServiceBuilder#containerName}, {@link ServiceBuilder#extraHost}
 * and {@link ServiceBuilder#dns}.
 *
 * <pre>{@code
 * svc.hostname("api").extraHost("license.example.test", "192.0.2.10").dns("192.0.2.53");
 * }</pre>
 *
 * @param hostname the containers' host name, when not their ID
 * @param containerName a fixed container name (only with one replica)
 * @param extraHosts host names added to the containers' {@code /etc/hosts}, with their addresses
 * @param dns DNS servers, when not the engine's
 */
public record Naming(Optional<String> hostname, Optional<String> containerName, Map<String, String> extraHosts, List<String> dns) {
  /** The engine's own: a host name from the container ID, a generated container name, its resolver. */
  public static final Naming DEFAULT = new Naming(Optional.empty(), Optional.empty(), Map.of(), List.of());

  public Naming {
    checkNotNull(hostname, "hostname");
    checkNotNull(containerName, "containerName");
    extraHosts = ImmutableMap.copyOf(extraHosts);
    dns = ImmutableList.copyOf(dns);
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("hostname", "container_name", "extra_hosts", "dns");

    Optional<String> hostname;
    Optional<String> containerName;
    final Map<String, String> extraHosts;
    final List<String> dns;

    State(Naming from) {
      hostname = from.hostname();
      containerName = from.containerName();
      extraHosts = new LinkedHashMap<>(from.extraHosts());
      dns = new ArrayList<>(from.dns());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "hostname" -> hostname = Optional.empty();
        case "container_name" -> containerName = Optional.empty();
        case "extra_hosts" -> extraHosts.clear();
        case "dns" -> dns.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Naming build() {
      return new Naming(hostname, containerName, extraHosts, dns);
    }
  }
}
