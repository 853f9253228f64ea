package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * A container held still while a volume was read.
 *
 * @param name the container's name
 * @param how {@code stopped} or {@code paused}
 * @param duration how long it was held
 */
public record StoppedContainer(String name, String how, Duration duration) {
  public StoppedContainer {
    checkNotNull(name, "name");
    checkNotNull(how, "how");
    checkNotNull(duration, "duration");
  }
}
