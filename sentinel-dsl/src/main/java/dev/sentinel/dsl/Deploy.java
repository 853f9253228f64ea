package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param global whether a Swarm runs one task on every node (Compose's {@code mode: global})
 *     instead of {@code replicas}; one engine runs one container
 * @param dnsRoundRobin whether a Swarm resolves the service name to its tasks' addresses instead of
 *     a virtual IP (Compose's {@code endpoint_mode: dnsrr})
 * @param labels labels of the Swarm service itself, not of its containers (Compose's {@code deploy.labels})
 * @param rollback how a Swarm rolls back a failed update, when not like the update (Compose's {@code rollback_config})
 * @param placementPreferences node labels a Swarm spreads the tasks evenly over, in order (Compose's
 *     {@code placement.preferences: [{spread: node.labels.zone}]}), e.g. {@code node.labels.zone}
 * @param maxReplicasPerNode at most this many tasks of the service on one node (Compose's {@code placement.max_replicas_per_node})
 */
public record Deploy(int replicas, Optional<UpdateConfig> update, List<String> placementConstraints, Optional<DeployRestartPolicy> restartPolicy,
    boolean global, boolean dnsRoundRobin, Map<String, String> labels, Optional<UpdateConfig> rollback, List<String> placementPreferences,
    Optional<Integer> maxReplicasPerNode) {
  /** One replica, defaults for the rest. */
  public static final Deploy DEFAULT = new Deploy(1, Optional.empty(), List.of(), Optional.empty(), false, false, Map.of(), Optional.empty(),
      List.of(), Optional.empty());

  public Deploy {
    checkArgument(replicas >= 0, "replicas cannot be negative: %s", replicas);
    checkNotNull(update, "update");
    placementConstraints = ImmutableList.copyOf(placementConstraints);
    checkNotNull(restartPolicy, "restartPolicy");
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(rollback, "rollback");
    placementPreferences = ImmutableList.copyOf(placementPreferences);
    checkNotNull(maxReplicasPerNode, "maxReplicasPerNode");
    maxReplicasPerNode.ifPresent(n -> checkArgument(n >= 1, "max_replicas_per_node must be at least 1, got %s", n));
  }

  /**
   * Whether a placement constraint keeps the tasks on one node or one labelled set of nodes ({@code
   * node.hostname==}, {@code node.id==}, {@code node.labels.<x>==}): where a node-local volume's data
   * can follow them.
   */
  public boolean pinsToNodes() {
    return placementConstraints.stream().anyMatch(c -> c.replace(" ", "").matches("node\\.(hostname|id|labels\\.[^=!]+)==.+"));
  }

  /** Whether anything here is meant for a Swarm: placement, update or rollback settings, global mode, DNS round-robin. */
  public boolean hasSwarmSettings() {
    return !placementConstraints.isEmpty() || update.isPresent() || rollback.isPresent() || global || dnsRoundRobin
        || !placementPreferences.isEmpty() || maxReplicasPerNode.isPresent();
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    int replicas;
    Optional<UpdateConfig> update;
    final List<String> placement;
    Optional<DeployRestartPolicy> restartPolicy;
    boolean global;
    boolean dnsRoundRobin;
    final Map<String, String> labels;
    Optional<UpdateConfig> rollback;
    final List<String> preferences;
    Optional<Integer> maxReplicasPerNode;

    State(Deploy from) {
      replicas = from.replicas();
      update = from.update();
      placement = new ArrayList<>(from.placementConstraints());
      restartPolicy = from.restartPolicy();
      global = from.global();
      dnsRoundRobin = from.dnsRoundRobin();
      labels = new LinkedHashMap<>(from.labels());
      rollback = from.rollback();
      preferences = new ArrayList<>(from.placementPreferences());
      maxReplicasPerNode = from.maxReplicasPerNode();
    }

    /** What {@code deploy: !reset} clears of this section (the {@link Resources} section clears its own part). */
    void clear() {
      replicas = 1;
      update = Optional.empty();
      placement.clear();
      restartPolicy = Optional.empty();
      global = false;
      dnsRoundRobin = false;
      labels.clear();
      rollback = Optional.empty();
      preferences.clear();
      maxReplicasPerNode = Optional.empty();
    }

    Deploy build() {
      return new Deploy(replicas, update, placement, restartPolicy, global, dnsRoundRobin, labels, rollback, preferences, maxReplicasPerNode);
    }
  }
}
