package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.sentinel.dsl.HealthCheck;
import dev.sentinel.dsl.Hook;
import java.time.Duration;
import dev.sentinel.dsl.Service;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link dev.sentinel.dsl.Lifecycle} section on the engine: health check, restart policy, stop
 * signal and stop timeout in the container spec, the create request and the Swarm container spec.
 * (Dependencies and readiness are the apply's: {@link StartOrder}, {@link ReadinessWait}.) (A Swarm
 * service's restart policy is a task setting, from {@code deploy.restart_policy}: see {@link SwarmSpecs}.)
 * The hooks are run by {@link Hooks}; a Swarm task has no hooks.
 */
final class LifecycleMapping {
  private LifecycleMapping() {}

  /** This section's fields of a container spec; unset ones are {@code null}, absent from the hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(String restart, Integer restartMaxRetries, String stopSignal, Integer stopTimeoutSeconds, List<HookSpec> postStart,
      List<HookSpec> preStop, Health health) {}

  /** A health check in the engine's form; durations in nanoseconds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Health(List<String> test, Long intervalNanos, Long timeoutNanos, Integer retries, Long startPeriodNanos, Long startIntervalNanos) {
    static Health of(HealthCheck h) {
      return new Health(h.test().toEngineForm(), h.interval().map(Duration::toNanos).orElse(null),
          h.timeout().map(Duration::toNanos).orElse(null), h.retries().orElse(null), h.startPeriod().map(Duration::toNanos).orElse(null),
          h.startInterval().map(Duration::toNanos).orElse(null));
    }

    com.github.dockerjava.api.model.HealthCheck toEngine() {
      return new com.github.dockerjava.api.model.HealthCheck().withTest(test).withInterval(intervalNanos).withTimeout(timeoutNanos)
          .withRetries(retries).withStartPeriod(startPeriodNanos).withStartInterval(startIntervalNanos);
    }
  }

  /**
   * A {@code post_start} or {@code pre_stop} hook as the exec request takes it. Part of the hash: a
   * changed hook recreates the containers (as in Compose), and the stored spec label carries the
   * pre_stop hooks to every later stop, also one without the definition at hand.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HookSpec(List<String> command, String user, Boolean privileged, String workingDir, Map<String, String> environment) {
    static HookSpec of(Hook h) {
      return new HookSpec(h.command(), h.user().orElse(null), h.privileged() ? Boolean.TRUE : null, h.workingDir().orElse(null),
          h.environment().isEmpty() ? null : new TreeMap<>(h.environment()));
    }

    /** The command as people read it in messages. */
    String describe() {
      return String.join(" ", command);
    }
  }

  /** From the service: its restart policy on one engine may come from {@code deploy.restart_policy}. */
  static Spec spec(Service s) {
    return new Spec(
        s.effectiveRestart().map(p -> p.mode().value()).orElse(null),
        s.effectiveRestart().flatMap(p -> p.maxRetries()).orElse(null),
        s.lifecycle().stopSignal().orElse(null),
        s.lifecycle().stopGracePeriod().map(d -> (int) Math.max(0, d.toSeconds())).orElse(null),
        hooks(s.lifecycle().postStart()),
        hooks(s.lifecycle().preStop()),
        s.lifecycle().healthCheck().map(Health::of).orElse(null));
  }

  private static List<HookSpec> hooks(List<Hook> hooks) {
    return hooks.isEmpty() ? null : hooks.stream().map(HookSpec::of).toList();
  }

  static void applyTo(Spec spec, CreateContainerCmd cmd, HostConfig host) {
    host.withRestartPolicy(restart(spec));
    if (spec.health() != null) {
      cmd.withHealthcheck(spec.health().toEngine());
    }
    if (spec.stopSignal() != null) {
      cmd.withStopSignal(spec.stopSignal());
    }
    if (spec.stopTimeoutSeconds() != null) {
      cmd.withStopTimeout(spec.stopTimeoutSeconds());
    }
  }

  static void applyTo(Spec spec, com.github.dockerjava.api.model.ContainerSpec swarm) {
    if (spec.health() != null) {
      swarm.withHealthCheck(spec.health().toEngine());
    }
    if (spec.stopSignal() != null) {
      swarm.withStopSignal(spec.stopSignal());
    }
    if (spec.stopTimeoutSeconds() != null) {
      swarm.withStopGracePeriod(spec.stopTimeoutSeconds() * 1_000_000_000L);
    }
  }

  static RestartPolicy restart(Spec spec) {
    if (spec.restart() == null) {
      return null;
    }
    return switch (spec.restart()) {
      case "always" -> RestartPolicy.alwaysRestart();
      case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
      case "on-failure" -> RestartPolicy.onFailureRestart(spec.restartMaxRetries() == null ? 0 : spec.restartMaxRetries());
      default -> RestartPolicy.noRestart();
    };
  }

  /** The section's attributes a Swarm task has no setting for: hooks run by Sentinel's own start and stop. */
  static List<String> ignoredOnSwarm(dev.sentinel.dsl.Lifecycle l) {
    List<String> ignored = new java.util.ArrayList<>();
    if (!l.postStart().isEmpty()) {
      ignored.add("post_start");
    }
    if (!l.preStop().isEmpty()) {
      ignored.add("pre_stop");
    }
    return ignored;
  }
}
