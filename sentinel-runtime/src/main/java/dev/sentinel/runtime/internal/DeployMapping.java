package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateFailureAction;
import com.github.dockerjava.api.model.UpdateOrder;
import dev.sentinel.dsl.Deploy;
import dev.sentinel.dsl.DeployRestartPolicy;
import dev.sentinel.dsl.Service;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Deploy} section on a Swarm: replicas, update and rollback, placement, and the tasks'
 * restart policy. (On one engine, replicas are the planner's: how many containers it creates; the
 * restart policy is {@link LifecycleMapping}'s, from {@link Service#effectiveRestart()}.)
 */
final class DeployMapping {
  /** How long Swarm watches a task after an update before counting it good. */
  private static final long MONITOR_NANOS = 5_000_000_000L;

  private DeployMapping() {}

  /** Placement and the restart policy of the service's tasks. */
  static void applyTo(Service s, TaskSpec task) {
    // The extended class only with preferences: a service without them keeps its spec text, and so its hash.
    ServicePlacement placement = new ServicePlacement();
    if (!s.deploy().placementPreferences().isEmpty()) {
      SwarmModelExtensions.PlacementWithPreferences spread = new SwarmModelExtensions.PlacementWithPreferences();
      spread.preferences = s.deploy().placementPreferences().stream()
          .map(label -> Map.of("Spread", Map.of("SpreadDescriptor", label))).toList();
      placement = spread;
    }
    placement.withConstraints(s.deploy().placementConstraints());
    s.deploy().maxReplicasPerNode().ifPresent(placement::withMaxReplicas);
    task.withRestartPolicy(restart(s)).withPlacement(placement);
  }

  /** Replicas, update and rollback of the service. */
  static void applyTo(Deploy d, ServiceSpec service) {
    dev.sentinel.dsl.UpdateConfig u = d.update().orElse(dev.sentinel.dsl.UpdateConfig.DEFAULT);
    UpdateConfig update = swarm(u);
    UpdateConfig rollback = d.rollback().map(r -> swarm(r)).orElseGet(() -> new UpdateConfig().withParallelism((long) u.parallelism())
        .withFailureAction(UpdateFailureAction.PAUSE).withOrder(update.getOrder()).withMonitor(MONITOR_NANOS));
    service.withMode(d.global() ? new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions())
            : new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(d.replicas())))
        .withUpdateConfig(update)
        .withRollbackConfig(rollback);
    if (!d.labels().isEmpty()) {
      Map<String, String> labels = new LinkedHashMap<>(d.labels());
      labels.putAll(service.getLabels() == null ? Map.of() : service.getLabels()); // Sentinel's own labels win
      service.withLabels(labels);
    }
    if (d.dnsRoundRobin() && service.getEndpointSpec() != null) {
      service.getEndpointSpec().withMode(EndpointResolutionMode.DNSRR);
    }
  }

  private static UpdateConfig swarm(dev.sentinel.dsl.UpdateConfig u) {
    return new UpdateConfig().withParallelism((long) u.parallelism()).withDelay(u.delay().toNanos())
        .withFailureAction(UpdateFailureAction.valueOf(u.failureAction().name()))
        .withOrder(u.order() == dev.sentinel.dsl.UpdateConfig.Order.START_FIRST ? UpdateOrder.START_FIRST : UpdateOrder.STOP_FIRST)
        .withMonitor(u.monitor().map(java.time.Duration::toNanos).orElse(MONITOR_NANOS))
        .withMaxFailureRatio((float) u.maxFailureRatio());
  }

  /** {@code deploy.restart_policy}, or else what the service's {@code restart} means for a task (Swarm's default: any). */
  private static ServiceRestartPolicy restart(Service s) {
    if (s.deploy().restartPolicy().isPresent()) {
      DeployRestartPolicy p = s.deploy().restartPolicy().get();
      ServiceRestartPolicy policy = new ServiceRestartPolicy().withCondition(switch (p.condition()) {
        case NONE -> ServiceRestartCondition.NONE;
        case ON_FAILURE -> ServiceRestartCondition.ON_FAILURE;
        case ANY -> ServiceRestartCondition.ANY;
      });
      p.delay().ifPresent(d -> policy.withDelay(d.toNanos()));
      p.maxAttempts().ifPresent(n -> policy.withMaxAttempts((long) n));
      p.window().ifPresent(w -> policy.withWindow(w.toNanos()));
      return policy;
    }
    String mode = s.lifecycle().restart().map(r -> r.mode().value()).orElse("always");
    ServiceRestartPolicy policy = new ServiceRestartPolicy().withDelay(1_000_000_000L);
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "no" -> policy.withCondition(ServiceRestartCondition.NONE);
      case "on-failure" -> policy.withCondition(ServiceRestartCondition.ON_FAILURE)
          .withMaxAttempts((long) s.lifecycle().restart().flatMap(r -> r.maxRetries()).orElse(0));
      default -> policy.withCondition(ServiceRestartCondition.ANY);
    };
  }
}
