package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a service's containers are restarted and stopped. One section of a {@link Service} (see
 * {@link Execution} for what a section is); set through {@link ServiceBuilder#restart}, {@link
 * ServiceBuilder#stopSignal} and {@link ServiceBuilder#stopGracePeriod}.
 *
 * <pre>{@code
 * svc.restart(RestartPolicy.unlessStopped()).stopSignal("SIGINT").stopGracePeriod("30s");
 * }</pre>
 *
 * @param restart the restart policy; empty for the engine's default ({@code no}), or {@code
 *     deploy.restart_policy}'s meaning (see {@link Service#effectiveRestart()})
 * @param stopSignal the signal a stop sends, when not the image's
 * @param stopGracePeriod how long a stop waits before killing; empty for the engine's 10 s
 */
public record Lifecycle(Optional<RestartPolicy> restart, Optional<String> stopSignal, Optional<Duration> stopGracePeriod) {
  /** The engine's defaults. */
  public static final Lifecycle DEFAULT = new Lifecycle(Optional.empty(), Optional.empty(), Optional.empty());

  public Lifecycle {
    checkNotNull(restart, "restart");
    checkNotNull(stopSignal, "stopSignal");
    checkNotNull(stopGracePeriod, "stopGracePeriod");
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("restart", "stop_grace_period", "stop_signal");

    Optional<RestartPolicy> restart;
    Optional<String> stopSignal;
    Optional<Duration> stopGracePeriod;

    State(Lifecycle from) {
      restart = from.restart();
      stopSignal = from.stopSignal();
      stopGracePeriod = from.stopGracePeriod();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "restart" -> restart = Optional.empty();
        case "stop_grace_period" -> stopGracePeriod = Optional.empty();
        case "stop_signal" -> stopSignal = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    Lifecycle build() {
      return new Lifecycle(restart, stopSignal, stopGracePeriod);
    }
  }
}
