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
 * {@link ServiceBuilder#dns}, {@link ServiceBuilder#domainname}, {@link ServiceBuilder#dnsSearch},
 * {@link ServiceBuilder#dnsOptions} and {@link ServiceBuilder#macAddress}.
 *
 * <pre>{@code
 * svc.hostname("api").extraHost("license.example.test", "192.0.2.10").dns("192.0.2.53");
 * }</pre>
 *
 * @param hostname the containers' host name, when not their ID
 * @param containerName a fixed container name (only with one replica)
 * @param extraHosts host names added to the containers' {@code /etc/hosts}, with their addresses
 * @param dns DNS servers, when not the engine's
 * @param domainname the containers' domain name (Compose's {@code domainname})
 * @param dnsSearch DNS search domains (Compose's {@code dns_search})
 * @param dnsOptions resolver options, e.g. {@code ndots:2} (Compose's {@code dns_opt})
 * @param macAddress the MAC address of the container's first network interface (Compose's {@code
 *     mac_address}; single engine only, one replica)
 * @param links other services this one reaches under another name, as {@code service} or {@code
 *     service:alias} (Compose's legacy {@code links}): the alias becomes a DNS name of that service on
 *     the networks both share, and this service starts after it
 */
public record Naming(Optional<String> hostname, Optional<String> containerName, Map<String, String> extraHosts, List<String> dns,
    Optional<String> domainname, List<String> dnsSearch, List<String> dnsOptions, Optional<String> macAddress,
    List<String> links) {
  /** The engine's own: a host name from the container ID, a generated container name, its resolver. */
  public static final Naming DEFAULT = new Naming(Optional.empty(), Optional.empty(), Map.of(), List.of(), Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());

  public Naming {
    checkNotNull(hostname, "hostname");
    checkNotNull(containerName, "containerName");
    extraHosts = ImmutableMap.copyOf(extraHosts);
    dns = ImmutableList.copyOf(dns);
    checkNotNull(domainname, "domainname");
    dnsSearch = ImmutableList.copyOf(dnsSearch);
    dnsOptions = ImmutableList.copyOf(dnsOptions);
    checkNotNull(macAddress, "macAddress");
    links = ImmutableList.copyOf(links);
  }

  /** The linked service of a {@code service[:alias]} entry. */
  public static String linkedService(String link) {
    int colon = link.indexOf(':');
    return colon < 0 ? link : link.substring(0, colon);
  }

  /** The alias of a {@code service[:alias]} entry: the part after the colon, else the service's own name. */
  public static String linkAlias(String link) {
    int colon = link.indexOf(':');
    return colon < 0 ? link : link.substring(colon + 1);
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("hostname", "container_name", "extra_hosts", "dns", "domainname", "dns_search", "dns_opt", "mac_address", "links");

    Optional<String> hostname;
    Optional<String> containerName;
    final Map<String, String> extraHosts;
    final List<String> dns;
    Optional<String> domainname;
    final List<String> dnsSearch;
    final List<String> dnsOptions;
    Optional<String> macAddress;
    final List<String> links;

    State(Naming from) {
      hostname = from.hostname();
      containerName = from.containerName();
      extraHosts = new LinkedHashMap<>(from.extraHosts());
      dns = new ArrayList<>(from.dns());
      domainname = from.domainname();
      dnsSearch = new ArrayList<>(from.dnsSearch());
      dnsOptions = new ArrayList<>(from.dnsOptions());
      macAddress = from.macAddress();
      links = new ArrayList<>(from.links());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "hostname" -> hostname = Optional.empty();
        case "container_name" -> containerName = Optional.empty();
        case "extra_hosts" -> extraHosts.clear();
        case "dns" -> dns.clear();
        case "domainname" -> domainname = Optional.empty();
        case "dns_search" -> dnsSearch.clear();
        case "dns_opt" -> dnsOptions.clear();
        case "mac_address" -> macAddress = Optional.empty();
        case "links" -> links.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Naming build() {
      return new Naming(hostname, containerName, extraHosts, dns, domainname, dnsSearch, dnsOptions, macAddress, links);
    }
  }
}
