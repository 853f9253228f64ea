package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Version;
import dev.sentinel.runtime.internal.DockerClients;
import dev.sentinel.runtime.internal.EngineClients;
import dev.sentinel.runtime.internal.FollowedEngines;
import dev.sentinel.runtime.internal.SshTunnel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection to one Docker engine.
 *
 * <p>{@link #fromEnvironment()} finds the engine as the Docker CLI does ({@link EngineEndpoint}:
 * {@code DOCKER_HOST}, TLS from {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}, the current
 * Docker context, {@code ssh://}), else the local socket. Requests use a bounded response timeout; long streams (events, logs, archive copies) use a
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
    EngineClients.grant(engine -> new EngineClients(engine.transport, engine.requests, engine.streams));
  }

  private final EngineEndpoint endpoint;
  private final URI address;
  /** Where the clients connect: the address, or the local end of an ssh tunnel to it. */
  private final URI transport;
  private final java.io.Closeable tunnel;
  private final DockerClient requests;
  private final DockerClient streams;

  private Engine(EngineEndpoint endpoint) {
    this.endpoint = endpoint;
    this.address = endpoint.address();
    if ("ssh".equals(address.getScheme())) {
      SshTunnel ssh = SshTunnel.open(address);
      this.tunnel = ssh;
      this.transport = ssh.localAddress();
    } else {
      this.tunnel = () -> {};
      this.transport = address;
    }
    this.requests = DockerClients.create(transport, endpoint.tlsDirectory(), CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    this.streams = DockerClients.create(transport, endpoint.tlsDirectory(), CONNECT_TIMEOUT, Duration.ZERO);
  }

  /**
   * The engine the Docker CLI would use here: {@code DOCKER_HOST}, {@code DOCKER_CONTEXT}, the
   * current Docker context, or the local socket (see {@link EngineEndpoint#resolve}).
   */
  public static Engine fromEnvironment() {
    return at(EngineEndpoint.resolve(System.getenv(), Optional.empty(), Optional.empty()));
  }

  /**
   * The engine at {@code address}, e.g. {@code unix:///var/run/docker.sock}, {@code
   * tcp://127.0.0.1:2375} or {@code ssh://deploy@build-01}, without TLS. Nothing is sent until the
   * first call.
   */
  public static Engine at(URI address) {
    checkNotNull(address, "address");
    return new Engine(EngineEndpoint.of(address));
  }

  /** The engine at {@code endpoint}, with its TLS settings. */
  public static Engine at(EngineEndpoint endpoint) {
    checkNotNull(endpoint, "endpoint");
    return new Engine(endpoint);
  }

  /**
   * Lets the plans made in this process keep what they read of each container of a local engine (a
   * unix socket) between commands, for as long as the engine's event stream shows no change to that
   * container: a plan then need not wait for inspections that the engine holds up while health
   * probes run. For a process that serves many commands, such as the CLI's daemon; off by default,
   * and on for good once called. The rules: docs/runtime.md, "Plans in a long-lived process".
   *
   * <pre>{@code
   * Engine.keepInspectionsBetweenCommands(); // once, at the start of a long-lived process
   * }</pre>
   */
  public static void keepInspectionsBetweenCommands() {
    FollowedEngines.enable();
  }

  /** How this engine was found and is reached. */
  public EngineEndpoint endpoint() {
    return endpoint;
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
      throw new EngineUnavailableException(endpoint, e);
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
    try {
      tunnel.close();
    } catch (java.io.IOException e) {
      // nothing left to do: its processes end with their connections
    }
  }

  @Override
  public String toString() {
    return "Engine[" + address + "]";
  }
}
