package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * A network of the stack.
 *
 * <pre>{@code
 * stack.network("backend", n -> n.internal());      // no route out of the host
 * stack.network("edge", n -> n.external());         // made elsewhere; never created or removed
 * }</pre>
 *
 * @param name the network's name in the stack (the engine's name is prefixed with the stack's)
 * @param driver the driver, when not the target's default ({@code bridge}, or {@code overlay} on Swarm)
 * @param internal whether the network has no route outside
 * @param attachable whether standalone containers may join (Swarm)
 * @param labels labels on the network
 * @param external whether the network exists already and is not managed by Sentinel
 * @param fixedName the engine's name when the definition fixes it (Compose's {@code name:})
 */
public record Network(
    String name, Optional<String> driver, boolean internal, boolean attachable, Map<String, String> labels, boolean external,
    Optional<String> fixedName) {
  public Network {
    checkNotNull(name, "name");
    checkNotNull(driver, "driver");
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(fixedName, "fixedName");
  }

  /** The network's name on the engine: the fixed one, else its own when external, else {@code <stack>_<name>} as Compose names it. */
  public String engineName(String stack) {
    return fixedName.orElse(external ? name : stack + "_" + name);
  }
}
