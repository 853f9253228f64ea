package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds docker-java clients on the httpclient5 transport. Not part of Sentinel's API. */
public final class DockerClients {
  private static final Logger log = LoggerFactory.getLogger(DockerClients.class);

  private DockerClients() {}

  /**
   * A client for {@code address}.
   *
   * @param responseTimeout {@link Duration#ZERO} for no response timeout (streams)
   */
  public static DockerClient create(URI address, Duration connectTimeout, Duration responseTimeout) {
    // No API version is pinned: requests go unversioned, so the engine answers with its own
    // (1.41 on engine 20.10) and newer engines keep working.
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(address.toString())
            .withDockerTlsVerify(false)
            .build();
    ApacheDockerHttpClient.Builder http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(connectTimeout);
    if (!responseTimeout.isZero()) {
      http.responseTimeout(responseTimeout);
    }
    return DockerClientImpl.getInstance(config, http.build());
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
