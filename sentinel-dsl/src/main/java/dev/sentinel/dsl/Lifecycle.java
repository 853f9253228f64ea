package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a service's containers start, are checked, restarted and stopped: what they wait for, when
 * they count as healthy and ready, what runs in them after they start and before they stop. One
 * section of a {@link Service} (see {@link Execution} for what a section is); set through {@link
 * ServiceBuilder#restart}, {@link ServiceBuilder#stopSignal}, {@link ServiceBuilder#stopGracePeriod},
 * {@link ServiceBuilder#postStart}, {@link ServiceBuilder#preStop}, {@link ServiceBuilder#healthCheck},
 * {@link ServiceBuilder#readiness} and {@link ServiceBuilder#dependsOn}.
 *
 * <pre>{@code
 * svc.restart(RestartPolicy.unlessStopped()).stopSignal("SIGINT").stopGracePeriod("30s")
 *    .preStop(Hook.command("/app/drain"))
 *    .healthCheck(h -> h.httpGet(8080, "/health")).dependsOn("db", Dependency.Condition.HEALTHY);
 * }</pre>
 *
 * @param restart the restart policy; empty for the engine's default ({@code no}), or {@code
 *     deploy.restart_policy}'s meaning (see {@link Service#effectiveRestart()})
 * @param stopSignal the signal a stop sends, when not the image's
 * @param stopGracePeriod how long a stop waits before killing; empty for the engine's 10 s
 * @param postStart commands run in each container after Sentinel starts it, in order
 * @param preStop commands run in each running container before Sentinel stops it, in order
 * @param healthCheck the health check; empty for the image's own
 * @param readiness what else must hold before the service counts as ready, checked after the health
 *     check (see {@link Readiness})
 * @param dependsOn services that must reach a condition first, by name
 */
public record Lifecycle(Optional<RestartPolicy> restart, Optional<String> stopSignal, Optional<Duration> stopGracePeriod,
    List<Hook> postStart, List<Hook> preStop, Optional<HealthCheck> healthCheck, List<Readiness> readiness,
    Map<String, Dependency> dependsOn) {
  /** The engine's defaults. */
  public static final Lifecycle DEFAULT = new Lifecycle(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
      Optional.empty(), List.of(), Map.of());

  public Lifecycle {
    checkNotNull(restart, "restart");
    checkNotNull(stopSignal, "stopSignal");
    checkNotNull(stopGracePeriod, "stopGracePeriod");
    postStart = ImmutableList.copyOf(postStart);
    preStop = ImmutableList.copyOf(preStop);
    checkNotNull(healthCheck, "healthCheck");
    readiness = ImmutableList.copyOf(readiness);
    dependsOn = ImmutableMap.copyOf(dependsOn);
  }

  /** Whether the service declares a health check that is not disabled. */
  public boolean hasHealthCheck() {
    return healthCheck.isPresent() && !healthCheck.get().isDisabled();
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("restart", "stop_grace_period", "stop_signal", "post_start", "pre_stop",
        "healthcheck", State.READINESS_KEY, "depends_on");

    /** Readiness's extension attribute in Compose files (Compose has no readiness of its own). */
    static final String READINESS_KEY = "x-sentinel-readiness";

    Optional<RestartPolicy> restart;
    Optional<String> stopSignal;
    Optional<Duration> stopGracePeriod;
    final List<Hook> postStart;
    final List<Hook> preStop;
    Optional<HealthCheck> healthCheck;
    final List<Readiness> readiness;
    final Map<String, Dependency> dependsOn;

    State(Lifecycle from) {
      restart = from.restart();
      stopSignal = from.stopSignal();
      stopGracePeriod = from.stopGracePeriod();
      postStart = new ArrayList<>(from.postStart());
      preStop = new ArrayList<>(from.preStop());
      healthCheck = from.healthCheck();
      readiness = new ArrayList<>(from.readiness());
      dependsOn = new LinkedHashMap<>(from.dependsOn());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "restart" -> restart = Optional.empty();
        case "stop_grace_period" -> stopGracePeriod = Optional.empty();
        case "stop_signal" -> stopSignal = Optional.empty();
        case "post_start" -> postStart.clear();
        case "pre_stop" -> preStop.clear();
        case "healthcheck" -> healthCheck = Optional.empty();
        case READINESS_KEY -> readiness.clear();
        case "depends_on" -> dependsOn.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Lifecycle build() {
      return new Lifecycle(restart, stopSignal, stopGracePeriod, postStart, preStop, healthCheck, readiness, dependsOn);
    }
  }
}
