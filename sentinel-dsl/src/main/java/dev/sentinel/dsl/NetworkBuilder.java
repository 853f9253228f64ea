package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configures a {@link Network}.
 *
 * <pre>{@code
 * stack.network("backend", n -> n.internal().label("tier", "data"));
 * }</pre>
 */
public final class NetworkBuilder {
  private final String name;
  private Optional<String> driver;
  private boolean internal;
  private boolean attachable;
  private final Map<String, String> labels;
  private boolean external;
  private Optional<String> fixedName;

  NetworkBuilder(String name, Optional<Network> from) {
    this.name = name;
    this.driver = from.flatMap(Network::driver);
    this.internal = from.map(Network::internal).orElse(false);
    this.attachable = from.map(Network::attachable).orElse(false);
    this.labels = new LinkedHashMap<>(from.map(Network::labels).orElse(Map.of()));
    this.external = from.map(Network::external).orElse(false);
    this.fixedName = from.flatMap(Network::fixedName);
  }

  /** The network driver, e.g. {@code bridge} or {@code overlay}. */
  public NetworkBuilder driver(String driver) {
    this.driver = Optional.of(checkNotNull(driver, "driver"));
    return this;
  }

  /** No route out: containers on it reach only each other. */
  public NetworkBuilder internal() {
    return internal(true);
  }

  public NetworkBuilder internal(boolean internal) {
    this.internal = internal;
    return this;
  }

  /** Standalone containers may join (Swarm overlay networks). */
  public NetworkBuilder attachable() {
    this.attachable = true;
    return this;
  }

  public NetworkBuilder label(String key, String value) {
    labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** The network exists already; Sentinel never creates or removes it. */
  public NetworkBuilder external() {
    this.external = true;
    return this;
  }

  /**
   * The name the network has on the engine, instead of {@code <stack>_<name>}: Compose's {@code
   * name:}, mostly for external networks made by another stack (e.g. {@code traefik_proxy}).
   */
  public NetworkBuilder engineName(String engineName) {
    this.fixedName = Optional.of(checkNotNull(engineName, "engineName"));
    return this;
  }

  Network build() {
    return new Network(name, driver, internal, attachable, labels, external, fixedName);
  }
}
