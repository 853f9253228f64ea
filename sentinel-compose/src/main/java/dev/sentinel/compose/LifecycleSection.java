package dev.sentinel.compose;

import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.Lifecycle;
import dev.sentinel.dsl.RestartPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compose in and out for the {@link Lifecycle} section: {@code restart}, {@code stop_grace_period}, {@code stop_signal}. */
final class LifecycleSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("restart", "stop_grace_period", "stop_signal");

  private LifecycleSection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Lifecycle l, Map<String, Object> m) {
    l.restart().ifPresent(r -> m.put("restart", r.toString()));
    l.stopGracePeriod().ifPresent(d -> m.put("stop_grace_period", Durations.format(d)));
    l.stopSignal().ifPresent(sig -> m.put("stop_signal", sig));
  }

  /** The DSL calls for one of {@link #KEYS}, each value checked with the model's own parser. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "restart" -> cx.string(v, at).filter(r -> cx.parse(v, at, r, RestartPolicy::parse).isPresent())
          .ifPresent(r -> calls.add(DslCall.of("restart", r)));
      case "stop_grace_period" -> SectionReads.duration(cx, v, at, "stopGracePeriod", calls);
      case "stop_signal" -> SectionReads.serviceText(cx, v, at, "stopSignal", calls);
      default -> throw new IllegalArgumentException("not an attribute of the lifecycle section: " + key);
    }
  }
}
