package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.dsl.Logging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Compose in and out for the {@link Logging} section: {@code logging} with its {@code driver} and {@code options}. */
final class LoggingSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("logging");

  private LoggingSection() {}

  /** Writes {@code logging} into a service's Compose mapping, when the service sets it. */
  static void write(Optional<Logging> logging, Map<String, Object> m) {
    logging.ifPresent(l -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("driver", l.driver());
      if (!l.options().isEmpty()) {
        out.put("options", new LinkedHashMap<>(l.options()));
      }
      m.put("logging", out);
    });
  }

  /** The DSL call for {@code logging}: the model always names the driver. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    cx.mapping(v, at).ifPresent(m -> {
      Optional<String> driver = m.get("driver").flatMap(d -> cx.string(d, at + ".driver"));
      Map<String, String> options = new LinkedHashMap<>();
      m.get("options").ifPresent(o -> cx.dict(o, at + ".options").forEach((k, value) -> options.put(k, value.map(Scalar::text).orElse(""))));
      m.entries().keySet().stream().filter(k -> !k.equals("driver") && !k.equals("options"))
          .forEach(k -> cx.unsupported(m.entries().get(k).location(), at + "." + k, "logging setting \"" + k + "\" is not supported by Sentinel's model"));
      if (driver.isEmpty()) {
        if (m.get("driver").isEmpty()) {
          cx.unsupported(m.location(), at, "logging options without a driver (the model always names the driver)");
        }
        return;
      }
      calls.add(DslCall.of("logging", driver.get(), options));
    });
  }
}
