package dev.sentinel.runtime;

import java.net.URI;

/**
 * No Docker engine answered at the address Sentinel tried.
 *
 * <p>The message names the address and how to get an engine, e.g.
 * {@code no Docker engine answers at unix:///var/run/docker.sock: ... }.
 */
public final class EngineUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final URI address;

  public EngineUnavailableException(URI address, Throwable cause) {
    this(EngineEndpoint.of(address), cause);
  }

  /** No engine answered at {@code endpoint}; the message also says where the address came from. */
  public EngineUnavailableException(EngineEndpoint endpoint, Throwable cause) {
    super(
        "no Docker engine answers at "
            + endpoint.address()
            + (endpoint.source().equals(endpoint.address().toString()) ? "" : " (from " + endpoint.source() + ")")
            + ": "
            + describe(cause)
            + ". Start one (on Debian/Ubuntu as root, ./scripts/test.sh installs docker.io and starts"
            + " dockerd), or choose another with --host, --context, DOCKER_HOST or docker context use.",
        cause);
    this.address = endpoint.address();
  }

  /** An engine that answered and then went away, with {@code message} saying at which step and what is safe now. */
  public EngineUnavailableException(URI address, String message, Throwable cause) {
    super(message, cause);
    this.address = address;
  }

  /** The engine address that was tried. */
  public URI address() {
    return address;
  }

  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    // The cause in words (e.g. "Connect to http://127.0.0.1:2375 failed: Connection refused"); a class name only when there are none.
    return EngineErrors.describe(root);
  }
}
