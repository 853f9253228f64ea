package dev.sentinel.testing;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineUnavailableException;
import dev.sentinel.runtime.internal.DockerClients;
import java.net.URI;
import java.time.Duration;

/**
 * The engine integration tests run against. An IT that finds no engine fails, naming the address
 * and how to start one; it never skips.
 */
public final class TestEngine {
  private static volatile DockerClient client;

  private TestEngine() {}

  /** The engine address, from {@code DOCKER_HOST} or the default socket. */
  public static URI address() {
    return Engine.addressFromEnvironment(System.getenv());
  }

  /**
   * A shared docker-java client for the test engine, after checking that the engine answers.
   *
   * @throws EngineUnavailableException when no engine answers
   */
  public static DockerClient client() {
    DockerClient current = client;
    if (current == null) {
      synchronized (TestEngine.class) {
        current = client;
        if (current == null) {
          try (Engine engine = Engine.at(address())) {
            engine.ping();
          }
          current = DockerClients.create(address(), Duration.ofSeconds(5), Duration.ofMinutes(5));
          client = current;
        }
      }
    }
    return current;
  }
}
