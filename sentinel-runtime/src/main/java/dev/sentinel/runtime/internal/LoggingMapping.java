package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.model.Driver;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.TaskSpec;
import dev.sentinel.dsl.Logging;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link Logging} section on the engine: the log driver and its options in the container spec,
 * the host config, and a Swarm task's log driver.
 */
final class LoggingMapping {
  private LoggingMapping() {}

  /** This section's fields of a container spec; both {@code null} (absent from the hash) without logging. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(String logDriver, Map<String, String> logOptions) {}

  static Spec spec(Optional<Logging> logging) {
    return new Spec(logging.map(Logging::driver).orElse(null), logging.map(l -> (Map<String, String>) new TreeMap<>(l.options())).orElse(null));
  }

  static void applyTo(Spec spec, HostConfig host) {
    if (spec.logDriver() != null) {
      host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(spec.logDriver()), spec.logOptions()));
    }
  }

  /**
   * A Swarm task's log driver. The task hash comes from the container spec, which always held the
   * logging: a service deployed before the driver reached Swarm gets it with its next change.
   */
  static void applyTo(Spec spec, TaskSpec task) {
    if (spec.logDriver() != null) {
      task.withLogDriver(new Driver().withName(spec.logDriver()).withOptions(spec.logOptions()));
    }
  }
}
