package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds docker-java clients on the httpclient5 transport. Not part of Sentinel's API. */
public final class DockerClients {
  private static final Logger log = LoggerFactory.getLogger(DockerClients.class);

  /**
   * For an engine on a local socket: an SSL context that is never used. Without an SSL config the
   * transport builds the JVM's default context, which reads and parses the whole system trust store
   * (a tenth of a second and more of a short command's start) for a connection that never speaks
   * TLS: on a unix socket or named pipe the transport always speaks plain http. Not even {@code
   * SSLContext.getInstance} is called: looking up the JSSE provider and building its context cost
   * another 0.05 s of every command's start. Not for tcp: there any SSL config makes the transport
   * speak https.
   */
  private static final SSLConfig PLAIN = NeverUsedSslContext::new;

  private DockerClients() {}

  /** An SSL context that refuses every use: the transport holds one, a local socket never uses it. */
  static final class NeverUsedSslContext extends SSLContext {
    NeverUsedSslContext() {
      super(new Refusing(), null, "none");
    }

    private static final class Refusing extends SSLContextSpi {
      private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("TLS on a connection to a local socket: Sentinel's bug, the transport speaks plain http there");
      }

      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        throw refused();
      }

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        throw refused();
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw refused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        throw refused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw refused();
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        throw refused();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        throw refused();
      }
    }
  }

  /**
   * A client for {@code address}.
   *
   * @param responseTimeout {@link Duration#ZERO} for no response timeout (streams)
   */
  public static DockerClient create(URI address, Duration connectTimeout, Duration responseTimeout) {
    return create(address, java.util.Optional.empty(), connectTimeout, responseTimeout);
  }

  /**
   * A client for {@code address}, over TLS with the {@code ca.pem}, {@code cert.pem} and {@code
   * key.pem} of {@code tlsDirectory} when present (the engine's certificate verified against ca.pem).
   */
  public static DockerClient create(URI address, java.util.Optional<java.nio.file.Path> tlsDirectory, Duration connectTimeout,
      Duration responseTimeout) {
    // No API version is pinned: requests go unversioned, so the engine answers with its own
    // (1.41 on engine 20.10) and newer engines keep working.
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(address.toString())
        .withDockerTlsVerify(tlsDirectory.isPresent());
    tlsDirectory.ifPresent(dir -> builder.withDockerCertPath(dir.toAbsolutePath().toString()));
    DefaultDockerClientConfig config = builder.build();
    ApacheDockerHttpClient.Builder http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(tlsDirectory.isPresent() ? config.getSSLConfig() : isLocalSocket(address) ? PLAIN : null)
            .maxConnections(64)
            .connectionTimeout(connectTimeout);
    if (!responseTimeout.isZero()) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
  }

  private static boolean isLocalSocket(URI address) {
    return "unix".equals(address.getScheme()) || "npipe".equals(address.getScheme());
  }

  /** Closes {@code client}, logging rather than throwing: closing must not mask a real failure. */
  public static void closeQuietly(DockerClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing docker client failed", e);
    }
  }
}
