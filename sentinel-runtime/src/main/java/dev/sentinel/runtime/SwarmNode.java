package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A node of the Swarm, and the tasks of one stack it holds, as the managers see it. After a node is
 * lost, its last reported tasks stay listed here: what the operator lost with it.
 *
 * <pre>{@code
 * swarm.nodes("shop").stream().filter(SwarmNode::isDown)
 *     .forEach(n -> log.warn("{} is down; it held {}", n.hostname(), n.stackTasks()));
 * }</pre>
 *
 * @param hostname the node's host name
 * @param id the node's ID
 * @param manager whether it is a manager
 * @param state {@code ready}, {@code down}, {@code unknown} or {@code disconnected}
 * @param availability {@code active}, {@code pause} or {@code drain}
 * @param stackTasks the stack's tasks last reported running on it, as {@code service.slot} (or {@code service.<node>} for global services)
 * @param stackVolumes the named volumes those tasks mount: with the local driver, their data is on this node
 */
public record SwarmNode(String hostname, String id, boolean manager, String state, String availability, List<String> stackTasks,
    List<String> stackVolumes) {
  public SwarmNode {
    checkNotNull(hostname, "hostname");
    checkNotNull(id, "id");
    checkNotNull(state, "state");
    checkNotNull(availability, "availability");
    stackTasks = ImmutableList.copyOf(stackTasks);
    stackVolumes = ImmutableList.copyOf(stackVolumes);
  }

  /** Whether the managers no longer hear from it. */
  public boolean isDown() {
    return !state.equals("ready");
  }

  /**
   * One line for people, e.g. {@code node3 (worker) is down: it held web.3, db.1; volumes on it: shop_data (restore the last
   * backup on another node)}.
   */
  public String describe() {
    return hostname + " (" + (manager ? "manager" : "worker") + ") is " + state + (availability.equals("active") ? "" : ", " + availability)
        + (stackTasks.isEmpty() ? "" : (isDown() ? ": it held " : ": ") + String.join(", ", stackTasks))
        + (stackVolumes.isEmpty() ? "" : "; volumes on it: " + String.join(", ", stackVolumes)
            + (isDown() ? " (their data is on that node: restore the last backup on another node and move the placement there)" : ""));
  }

  /**
   * What the managers' Raft quorum can bear, for people; empty while every manager is up. E.g.
   * {@code managers: 2 of 3 reachable; the swarm keeps its quorum (2 needed), one more manager lost and it cannot change anything}.
   */
  public static java.util.Optional<String> quorum(List<SwarmNode> nodes) {
    long managers = nodes.stream().filter(SwarmNode::manager).count();
    long reachable = nodes.stream().filter(n -> n.manager() && !n.isDown()).count();
    if (managers == 0 || reachable == managers) {
      return java.util.Optional.empty();
    }
    long needed = managers / 2 + 1;
    long spare = reachable - needed;
    String outlook = reachable < needed
        ? "the swarm has lost its quorum (" + needed + " needed): running tasks keep running, but nothing can be deployed, scaled or"
            + " rescheduled until enough managers are back"
        : "the swarm keeps its quorum (" + needed + " needed); " + (spare == 0 ? "one more manager lost and it cannot change anything"
            : spare + " more can be lost");
    return java.util.Optional.of("managers: " + reachable + " of " + managers + " reachable; " + outlook);
  }
}
