package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where an engine is and how to reach it, resolved as the Docker CLI resolves it, so {@code
 * sentinel} talks to the engine {@code docker} talks to: {@code --host}, then {@code --context},
 * then {@code DOCKER_HOST}, then {@code DOCKER_CONTEXT}, then the current context of the Docker
 * CLI's configuration ({@code docker context use} writes it to {@code $DOCKER_CONFIG/config.json}),
 * then the local socket. TLS comes with a context (its {@code ca.pem}, {@code cert.pem}, {@code
 * key.pem}) or, for {@code DOCKER_HOST}, from {@code DOCKER_TLS_VERIFY} and {@code
 * DOCKER_CERT_PATH} (default {@code ~/.docker}). {@code ssh://user@host} is reached through {@code
 * ssh ... docker system dial-stdio}, as the Docker CLI does.
 *
 * <pre>{@code
 * EngineEndpoint endpoint = EngineEndpoint.resolve(System.getenv(), Optional.empty(), Optional.of("staging"));
 * try (Engine engine = Engine.at(endpoint)) { ... }
 * }</pre>
 *
 * @param address the engine's address: {@code unix://}, {@code tcp://} or {@code ssh://}
 * @param tlsDirectory the directory holding {@code ca.pem}, {@code cert.pem} and {@code key.pem};
 *     empty for no TLS. The engine's certificate is always verified against {@code ca.pem}.
 * @param source where the address came from, for messages: {@code --host}, {@code context "staging"},
 *     {@code DOCKER_HOST}, {@code the default socket}
 */
public record EngineEndpoint(URI address, Optional<Path> tlsDirectory, String source) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public EngineEndpoint {
    checkNotNull(address, "address");
    checkNotNull(tlsDirectory, "tlsDirectory");
    checkNotNull(source, "source");
    checkArgument(tlsDirectory.isEmpty() || "tcp".equals(address.getScheme()), "TLS needs a tcp:// address, not %s", address);
  }

  /** The local socket, without TLS. */
  public static EngineEndpoint local() {
    return new EngineEndpoint(Engine.DEFAULT_ADDRESS, Optional.empty(), "the default socket");
  }

  /** {@code address} as given, without TLS. */
  public static EngineEndpoint of(URI address) {
    return new EngineEndpoint(address, Optional.empty(), address.toString());
  }

  /**
   * The endpoint the Docker CLI would use with this {@code environment} and these flags.
   *
   * @throws IllegalArgumentException naming the context or file when a context is unknown, its
   *     files cannot be read, or it asks for TLS without verification (not supported)
   */
  public static EngineEndpoint resolve(Map<String, String> environment, Optional<String> host, Optional<String> context) {
    Path config = Optional.ofNullable(environment.get("DOCKER_CONFIG")).filter(v -> !v.isBlank()).map(Path::of)
        .orElseGet(() -> Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker"));
    if (host.isPresent()) {
      return fromHost(host.get(), "--host", environment, config);
    }
    if (context.isPresent()) {
      return fromContext(context.get(), "--context", config, environment);
    }
    String dockerHost = environment.get("DOCKER_HOST");
    if (dockerHost != null && !dockerHost.isBlank()) {
      return fromHost(dockerHost.strip(), "DOCKER_HOST", environment, config);
    }
    String dockerContext = environment.get("DOCKER_CONTEXT");
    if (dockerContext != null && !dockerContext.isBlank()) {
      return fromContext(dockerContext.strip(), "DOCKER_CONTEXT", config, environment);
    }
    Optional<String> current = currentContext(config);
    if (current.isPresent() && !current.get().equals("default")) {
      return fromContext(current.get(), "the current Docker context", config, environment);
    }
    return local();
  }

  /** The context's directory name: the Docker CLI keys contexts by the SHA-256 of their name. */
  static String contextId(String name) {
    return Hashing.sha256().hashString(name, StandardCharsets.UTF_8).toString();
  }

  private static EngineEndpoint fromHost(String host, String source, Map<String, String> environment, Path config) {
    URI address = URI.create(host);
    boolean verify = !environment.getOrDefault("DOCKER_TLS_VERIFY", "").isBlank();
    boolean tlsWithoutVerify = !environment.getOrDefault("DOCKER_TLS", "").isBlank();
    if (tlsWithoutVerify && !verify) {
      throw new IllegalArgumentException("DOCKER_TLS asks for TLS without verifying the engine's certificate, which Sentinel does not do;"
          + " set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a directory with ca.pem, cert.pem and key.pem");
    }
    if (!verify || !"tcp".equals(address.getScheme())) {
      return new EngineEndpoint(address, Optional.empty(), source);
    }
    Path certs = Optional.ofNullable(environment.get("DOCKER_CERT_PATH")).filter(v -> !v.isBlank()).map(Path::of).orElse(config);
    requireTlsFiles(certs, "DOCKER_CERT_PATH " + certs);
    return new EngineEndpoint(address, Optional.of(certs), source + " with DOCKER_TLS_VERIFY");
  }

  private static EngineEndpoint fromContext(String name, String source, Path config, Map<String, String> environment) {
    if (name.equals("default")) {
      String dockerHost = environment.get("DOCKER_HOST");
      return dockerHost == null || dockerHost.isBlank() ? local() : fromHost(dockerHost.strip(), "DOCKER_HOST", environment, config);
    }
    Path meta = config.resolve("contexts").resolve("meta").resolve(contextId(name)).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new IllegalArgumentException("Docker context \"" + name + "\" (from " + source + ") does not exist: no " + meta
          + " (docker context ls lists the contexts)");
    }
    JsonNode docker;
    try {
      docker = JSON.readTree(meta.toFile()).path("Endpoints").path("docker");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Docker context \"" + name + "\" from " + meta, e);
    }
    String host = docker.path("Host").asText("");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("Docker context \"" + name + "\" has no docker endpoint host in " + meta);
    }
    Path tls = config.resolve("contexts").resolve("tls").resolve(contextId(name)).resolve("docker");
    String described = "context \"" + name + "\"" + (source.equals("--context") ? "" : " (" + source + ")");
    if (!Files.isDirectory(tls)) {
      return new EngineEndpoint(URI.create(host), Optional.empty(), described);
    }
    if (docker.path("SkipTLSVerify").asBoolean(false)) {
      throw new IllegalArgumentException("Docker context \"" + name + "\" skips verifying the engine's certificate, which Sentinel does not do;"
          + " give the context the engine's CA (docker context update " + name + " --docker ca=...,skip-tls-verify=false)");
    }
    requireTlsFiles(tls, "Docker context \"" + name + "\" (" + tls + ")");
    return new EngineEndpoint(URI.create(host), Optional.of(tls), described);
  }

  private static Optional<String> currentContext(Path config) {
    Path file = config.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String current = JSON.readTree(file.toFile()).path("currentContext").asText("");
      return current.isBlank() ? Optional.empty() : Optional.of(current);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Docker CLI's configuration " + file, e);
    }
  }

  private static void requireTlsFiles(Path directory, String what) {
    for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      if (!Files.isReadable(directory.resolve(file))) {
        throw new IllegalArgumentException(what + " has no readable " + file + " for TLS to the engine");
      }
    }
  }

  @Override
  public String toString() {
    return address + (tlsDirectory.isPresent() ? " (TLS)" : "") + " from " + source;
  }
}
