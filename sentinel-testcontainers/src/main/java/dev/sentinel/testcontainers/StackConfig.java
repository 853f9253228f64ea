package dev.sentinel.testcontainers;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Maps;
import dev.sentinel.dsl.Readiness;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** What a {@link SentinelStackContainer} is configured with; each {@code with...} method makes a changed copy. */
record StackConfig(Stack stack, Optional<String> environment, Set<String> profiles, List<Consumer<StackBuilder>> overrides,
    Duration startupTimeout, boolean fixedPorts, boolean keepVolumes, List<BiConsumer<String, String>> logConsumers,
    Map<String, String> labels, boolean reuse, Map<String, List<Readiness>> readiness) {
  StackConfig change(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new StackConfig(stack, d.environment, ImmutableSet.copyOf(d.profiles), ImmutableList.copyOf(d.overrides), d.startupTimeout,
        d.fixedPorts, d.keepVolumes, ImmutableList.copyOf(d.logConsumers), ImmutableMap.copyOf(d.labels), d.reuse,
        ImmutableMap.copyOf(Maps.transformValues(d.readiness, ImmutableList::copyOf)));
  }

  /** A {@link StackConfig} being changed by one {@code with...} method. */
  static final class Draft {
    Optional<String> environment;
    Set<String> profiles;
    List<Consumer<StackBuilder>> overrides;
    Duration startupTimeout;
    boolean fixedPorts;
    boolean keepVolumes;
    List<BiConsumer<String, String>> logConsumers;
    Map<String, String> labels;
    boolean reuse;
    Map<String, List<Readiness>> readiness;

    Draft(StackConfig c) {
      environment = c.environment();
      profiles = c.profiles();
      overrides = new ArrayList<>(c.overrides());
      startupTimeout = c.startupTimeout();
      fixedPorts = c.fixedPorts();
      keepVolumes = c.keepVolumes();
      logConsumers = new ArrayList<>(c.logConsumers());
      labels = new LinkedHashMap<>(c.labels());
      reuse = c.reuse();
      readiness = new LinkedHashMap<>();
      c.readiness().forEach((service, strategies) -> readiness.put(service, new ArrayList<>(strategies)));
    }
  }
}
