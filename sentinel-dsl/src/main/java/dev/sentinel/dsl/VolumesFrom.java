package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The volumes of another service's container (or of a container outside the stack) mounted into a
 * service's containers at their paths there: Compose's {@code volumes_from}. A service named here
 * starts first and, when its container is recreated, so are the containers that mount its volumes
 * (they would otherwise keep the old container's anonymous volumes). Single engine only: a Swarm
 * task has no such setting.
 *
 * <pre>{@code
 * svc.volumesFrom(VolumesFrom.service("data").asReadOnly());
 * svc.volumesFrom("container:legacy-data:ro");   // Compose's spelling
 * }</pre>
 *
 * @param source the service's name, or the container's name when {@code container}
 * @param container whether {@code source} names a container outside the stack
 * @param readOnly whether the volumes are mounted read-only
 */
public record VolumesFrom(String source, boolean container, boolean readOnly) {
  public VolumesFrom {
    checkArgument(!checkNotNull(source, "source").isEmpty() && !source.contains(":"),
        "volumes_from names a service or container without a colon, got \"%s\"", source);
  }

  /** The volumes of {@code service}'s first container, read-write. */
  public static VolumesFrom service(String service) {
    return new VolumesFrom(service, false, false);
  }

  /** The volumes of the container named {@code name}, read-write; it must exist when Sentinel creates the service. */
  public static VolumesFrom container(String name) {
    return new VolumesFrom(name, true, false);
  }

  /** These volumes mounted read-only. */
  public VolumesFrom asReadOnly() {
    return new VolumesFrom(source, container, true);
  }

  /**
   * Parses Compose's spelling: {@code service}, {@code service:ro}, {@code service:rw}, {@code
   * container:name}, {@code container:name:ro}.
   *
   * @throws IllegalArgumentException naming the entry when it is none of these
   */
  public static VolumesFrom parse(String text) {
    checkNotNull(text, "text");
    String rest = text;
    boolean container = false;
    if (rest.startsWith("container:")) {
      container = true;
      rest = rest.substring("container:".length());
    }
    boolean readOnly = false;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      String mode = rest.substring(colon + 1);
      checkArgument(mode.equals("ro") || mode.equals("rw"),
          "volumes_from entry \"%s\": the mode after the last colon must be ro or rw, got \"%s\"", text, mode);
      readOnly = mode.equals("ro");
      rest = rest.substring(0, colon);
    }
    checkArgument(!rest.isEmpty() && !rest.contains(":"), "volumes_from entry \"%s\" is not [container:]NAME[:ro|:rw]", text);
    return new VolumesFrom(rest, container, readOnly);
  }

  /** Compose's spelling, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return (container ? "container:" : "") + source + (readOnly ? ":ro" : "");
  }
}
