package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * How many containers a service runs and how they are rolled and placed.
 *
 * @param replicas how many containers; on one engine they are numbered {@code <service>-1..N}
 * @param update how replicas are updated, when not the engine's default
 * @param placementConstraints Swarm placement constraints, e.g. {@code node.role==manager}
 * @param restartPolicy Compose's {@code deploy.restart_policy}, when given
 */
public record Deploy(int replicas, Optional<UpdateConfig> update, List<String> placementConstraints, Optional<DeployRestartPolicy> restartPolicy) {
  /** One replica, defaults for the rest. */
  public static final Deploy DEFAULT = new Deploy(1, Optional.empty(), List.of(), Optional.empty());

  public Deploy {
    checkArgument(replicas >= 0, "replicas cannot be negative: %s", replicas);
    checkNotNull(update, "update");
    placementConstraints = ImmutableList.copyOf(placementConstraints);
    checkNotNull(restartPolicy, "restartPolicy");
  }
}
