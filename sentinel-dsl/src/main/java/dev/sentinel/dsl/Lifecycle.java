package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a service's containers are restarted and stopped, and what runs in them after they start and
 * before they stop. One section of a {@link Service} (see {@link Execution} for what a section is);
 * set through {@link ServiceBuilder#restart}, {@link ServiceBuilder#stopSignal}, {@link
 * ServiceBuilder#stopGracePeriod}, {@link ServiceBuilder#postStart} and {@link ServiceBuilder#preStop}.
 *
 * <pre>{@code
 * svc.restart(RestartPolicy.unlessStopped()).stopSignal("SIGINT").stopGracePeriod("30s")
 *    .preStop(Hook.command("/app/drain"));
 * }</pre>
 *
 * @param restart the restart policy; empty for the engine's default ({@code no}), or {@code
 *     deploy.restart_policy}'s meaning (see {@link Service#effectiveRestart()})
 * @param stopSignal the signal a stop sends, when not the image's
 * @param stopGracePeriod how long a stop waits before killing; empty for the engine's 10 s
 * @param postStart commands run in each container after Sentinel starts it, in order
 * @param preStop commands run in each running container before Sentinel stops it, in order
 */
public record Lifecycle(Optional<RestartPolicy> restart, Optional<String> stopSignal, Optional<Duration> stopGracePeriod,
    List<Hook> postStart, List<Hook> preStop) {
  /** The engine's defaults. */
  public static final Lifecycle DEFAULT = new Lifecycle(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());

  public Lifecycle {
    checkNotNull(restart, "restart");
    checkNotNull(stopSignal, "stopSignal");
    checkNotNull(stopGracePeriod, "stopGracePeriod");
    postStart = ImmutableList.copyOf(postStart);
    preStop = ImmutableList.copyOf(preStop);
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("restart", "stop_grace_period", "stop_signal", "post_start", "pre_stop");

    Optional<RestartPolicy> restart;
    Optional<String> stopSignal;
    Optional<Duration> stopGracePeriod;
    final List<Hook> postStart;
    final List<Hook> preStop;

    State(Lifecycle from) {
      restart = from.restart();
      stopSignal = from.stopSignal();
      stopGracePeriod = from.stopGracePeriod();
      postStart = new ArrayList<>(from.postStart());
      preStop = new ArrayList<>(from.preStop());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "restart" -> restart = Optional.empty();
        case "stop_grace_period" -> stopGracePeriod = Optional.empty();
        case "stop_signal" -> stopSignal = Optional.empty();
        case "post_start" -> postStart.clear();
        case "pre_stop" -> preStop.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Lifecycle build() {
      return new Lifecycle(restart, stopSignal, stopGracePeriod, postStart, preStop);
    }
  }
}
