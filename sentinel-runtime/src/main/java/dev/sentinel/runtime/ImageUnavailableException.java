package dev.sentinel.runtime;

/**
 * An image is neither on the engine nor obtainable; says which service needs it and how to provide it.
 *
 * <pre>{@code
 * service "api" needs image shop/api:1.4, which the engine does not have and could not pull (...): build it
 * locally (give the service a build), `docker load` it, or make its registry reachable
 * }</pre>
 */
public final class ImageUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImageUnavailableException(String service, String image, Throwable cause) {
    super("service \"" + service + "\" needs image " + image + ", which the engine does not have and could not pull"
        + (cause == null ? "" : " (" + cause.getMessage() + ")")
        + ": build it locally (give the service a build), `docker load` it, or make its registry reachable", cause);
  }
}
