package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Version;
import dev.sentinel.runtime.internal.DockerClients;
import dev.sentinel.runtime.internal.EngineClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A connection to one Docker engine.
 *
 * <p>The address comes from {@code DOCKER_HOST} (as the docker CLI reads it) or defaults to the local
 * socket. Requests use a bounded response timeout; long streams (events, logs, archive copies) use a
 * second client without one, so they are neither cut off nor starve the request pool.
 *
 * <pre>{@code
 * try (Engine engine = Engine.fromEnvironment()) {
 *   EngineInfo info = engine.ping();
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  /** The default engine address on Linux. */
  public static final URI DEFAULT_ADDRESS = URI.create("unix:///var/run/docker.sock");

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);

  static {
    // The one way from an Engine to its docker-java clients, for Sentinel's backup and Testcontainers
    // adapters (EngineClients.of); no public method of the API hands them out.
    EngineClients.grant(engine -> new EngineClients(engine.address, engine.requests, engine.streams));
  }

  private final URI address;
  private final DockerClient requests;
  private final DockerClient streams;

  private Engine(URI address) {
    this.address = address;
    this.requests = DockerClients.create(address, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    this.streams = DockerClients.create(address, CONNECT_TIMEOUT, Duration.ZERO);
  }

  /** The engine named by {@code DOCKER_HOST}, or the local socket when it is unset. */
  public static Engine fromEnvironment() {
    return at(addressFromEnvironment(System.getenv()));
  }

  /**
   * The engine at {@code address}, e.g. {@code unix:///var/run/docker.sock} or {@code
   * tcp://127.0.0.1:2375}. Nothing is sent until the first call.
   */
  public static Engine at(URI address) {
    checkNotNull(address, "address");
    return new Engine(address);
  }

  /** The address {@code DOCKER_HOST} names in {@code environment}, or {@link #DEFAULT_ADDRESS}. */
  public static URI addressFromEnvironment(Map<String, String> environment) {
    String host = environment.get("DOCKER_HOST");
    return host == null || host.isBlank() ? DEFAULT_ADDRESS : URI.create(host.trim());
  }

  /** The address this engine is reached at. */
  public URI address() {
    return address;
  }

  /**
   * Asks the engine who it is.
   *
   * @throws EngineUnavailableException when nothing answers at {@link #address()}
   */
  public EngineInfo ping() {
    try {
      requests.pingCmd().exec();
      Version version = requests.versionCmd().exec();
      Info info = requests.infoCmd().exec();
      boolean swarm =
          info.getSwarm() != null && info.getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE;
      return new EngineInfo(
          Objects.requireNonNullElse(version.getVersion(), "unknown"),
          Objects.requireNonNullElse(version.getApiVersion(), "unknown"),
          Objects.requireNonNullElse(version.getOperatingSystem(), "unknown"),
          swarm);
    } catch (RuntimeException e) {
      throw new EngineUnavailableException(address, e);
    }
  }

  /** The request client, for Sentinel's own adapters. */
  DockerClient requests() {
    return requests;
  }

  /** The client for long-lived streams, for Sentinel's own adapters. */
  DockerClient streams() {
    return streams;
  }


  @Override
  public void close() {
    DockerClients.closeQuietly(requests);
    DockerClients.closeQuietly(streams);
  }

  @Override
  public String toString() {
    return "Engine[" + address + "]";
  }
}
