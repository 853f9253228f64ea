package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A service's membership of a network of the stack.
 *
 * @param network the network's name in the stack
 * @param aliases further DNS names the service answers to on that network
 */
public record ServiceNetwork(String network, List<String> aliases) {
  public ServiceNetwork {
    checkNotNull(network, "network");
    aliases = ImmutableList.copyOf(aliases);
  }
}
