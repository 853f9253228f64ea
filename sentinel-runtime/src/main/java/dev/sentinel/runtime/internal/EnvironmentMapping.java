package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Service;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@link dev.sentinel.dsl.Environment} section on the engine: each variable's value as the
 * container gets it (a literal; the deploying host's variable, or its default; the path where the
 * service mounts a secret), sorted by name in the container spec, and the {@code KEY=VALUE} list the
 * create request and a Swarm task take.
 */
final class EnvironmentMapping {
  private EnvironmentMapping() {}

  /**
   * The variables of {@code s} with their values.
   *
   * @throws IllegalArgumentException naming the service and variable when a required host variable is unset
   */
  static Map<String, String> spec(Service s, Function<String, String> hostEnvironment) {
    Map<String, String> env = new TreeMap<>();
    s.environment().variables().forEach((key, value) -> env.put(key, value(s, key, value, hostEnvironment)));
    return env;
  }

  private static String value(Service s, String key, EnvValue value, Function<String, String> hostEnvironment) {
    if (value instanceof EnvValue.Literal l) {
      return l.value();
    }
    if (value instanceof EnvValue.FromHost h) {
      String v = hostEnvironment.apply(h.variable());
      if (v == null || v.isEmpty()) {
        if (h.defaultValue().isPresent()) {
          return h.defaultValue().get();
        }
        if (h.required()) {
          throw new IllegalArgumentException("service \"" + s.name() + "\": environment " + key
              + " reads host variable " + h.variable() + ", which is not set on the deploying host");
        }
        return "";
      }
      return v;
    }
    return s.storage().secretTarget(((EnvValue.SecretFile) value).secret());
  }

  /** The engine's form: {@code KEY=VALUE} entries. */
  static List<String> engineForm(Map<String, String> environment) {
    return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
