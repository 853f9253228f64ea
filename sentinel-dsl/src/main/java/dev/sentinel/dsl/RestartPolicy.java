package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * What the engine does when a container stops.
 *
 * <pre>{@code
 * RestartPolicy.unlessStopped();
 * RestartPolicy.onFailure(5);
 * RestartPolicy.parse("on-failure:3");
 * }</pre>
 *
 * @param mode when to restart
 * @param maxRetries for {@link Mode#ON_FAILURE}, how many times at most; empty for no limit
 */
public record RestartPolicy(Mode mode, Optional<Integer> maxRetries) {
  /** When the engine restarts a container. */
  public enum Mode {
    NO("no"),
    ALWAYS("always"),
    UNLESS_STOPPED("unless-stopped"),
    ON_FAILURE("on-failure");

    private final String value;

    Mode(String value) {
      this.value = value;
    }

    /** Docker's spelling. */
    public String value() {
      return value;
    }
  }

  public RestartPolicy {
    checkNotNull(mode, "mode");
    checkNotNull(maxRetries, "maxRetries");
    checkArgument(mode == Mode.ON_FAILURE || maxRetries.isEmpty(), "only on-failure takes a retry count");
    checkArgument(maxRetries.orElse(0) >= 0, "a retry count cannot be negative: %s", maxRetries.orElse(0));
  }

  public static RestartPolicy no() {
    return new RestartPolicy(Mode.NO, Optional.empty());
  }

  public static RestartPolicy always() {
    return new RestartPolicy(Mode.ALWAYS, Optional.empty());
  }

  public static RestartPolicy unlessStopped() {
    return new RestartPolicy(Mode.UNLESS_STOPPED, Optional.empty());
  }

  public static RestartPolicy onFailure() {
    return new RestartPolicy(Mode.ON_FAILURE, Optional.empty());
  }

  public static RestartPolicy onFailure(int maxRetries) {
    return new RestartPolicy(Mode.ON_FAILURE, Optional.of(maxRetries));
  }

  /**
   * Parses Docker's spelling: {@code no}, {@code always}, {@code unless-stopped}, {@code
   * on-failure} or {@code on-failure:N}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is none of these
   */
  public static RestartPolicy parse(String text) {
    String s = text.strip();
    for (Mode mode : Mode.values()) {
      if (s.equals(mode.value)) {
        return new RestartPolicy(mode, Optional.empty());
      }
    }
    if (s.startsWith("on-failure:")) {
      try {
        return onFailure(Integer.parseInt(s.substring("on-failure:".length())));
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not a restart policy (no, always, unless-stopped, on-failure[:N])");
  }

  @Override
  public String toString() {
    return mode.value + maxRetries.map(n -> ":" + n).orElse("");
  }
}
