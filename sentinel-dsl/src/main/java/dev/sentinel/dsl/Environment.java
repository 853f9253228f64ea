package dev.sentinel.dsl;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables of a service's containers: literal values, the deploying host's
 * variables, and paths of secret files — never a secret's value. One section of a {@link Service}
 * (see {@link Execution} for what a section is); set through {@link ServiceBuilder#env}, {@link
 * ServiceBuilder#envFromHost}, {@link ServiceBuilder#envFromHostIfSet} and {@link
 * ServiceBuilder#envSecretFile}.
 *
 * <pre>{@code
 * svc.env("LOG_LEVEL", "info").envFromHost("API_URL", "SHOP_API_URL").envSecretFile("DB_PASSWORD_FILE", "db-password");
 * }</pre>
 *
 * @param variables the variables by name, in definition order
 */
public record Environment(Map<String, EnvValue> variables) {
  /** No variables. */
  public static final Environment NONE = new Environment(Map.of());

  public Environment {
    variables = ImmutableMap.copyOf(variables);
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("environment");

    final Map<String, EnvValue> variables;

    State(Environment from) {
      variables = new LinkedHashMap<>(from.variables());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      if (!composeKey.equals("environment")) {
        return false;
      }
      variables.clear();
      return true;
    }

    Environment build() {
      return new Environment(variables);
    }
  }
}
