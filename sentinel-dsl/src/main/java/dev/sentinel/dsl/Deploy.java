package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many containers a service runs and how they are rolled and placed: Compose's {@code deploy}
 * without its {@code resources} (the {@link Resources} section). A section of a {@link Service}: see
 * {@link Execution}.
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

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    int replicas;
    Optional<UpdateConfig> update;
    final List<String> placement;
    Optional<DeployRestartPolicy> restartPolicy;

    State(Deploy from) {
      replicas = from.replicas();
      update = from.update();
      placement = new ArrayList<>(from.placementConstraints());
      restartPolicy = from.restartPolicy();
    }

    /** What {@code deploy: !reset} clears of this section (the {@link Resources} section clears its own part). */
    void clear() {
      replicas = 1;
      update = Optional.empty();
      placement.clear();
      restartPolicy = Optional.empty();
    }

    Deploy build() {
      return new Deploy(replicas, update, placement, restartPolicy);
    }
  }
}
