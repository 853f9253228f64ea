package dev.sentinel.compose;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders {@code .env.example}: one entry per host variable, with where it is read and its default. */
final class EnvExample {
  private EnvExample() {}

  private record Use(String where, Optional<String> defaultValue, boolean required) {}

  static String render(Stack stack) {
    Map<String, List<Use>> uses = new LinkedHashMap<>();
    collect(stack.base(), uses);
    Map<String, List<Use>> base = new LinkedHashMap<>(uses);
    for (String env : stack.environments().keySet()) {
      // Only what an environment reads differently from the base gets a line of its own.
      Map<String, List<Use>> envUses = new LinkedHashMap<>();
      collect(stack.resolve(env), envUses);
      envUses.forEach((variable, list) -> list.stream()
          .filter(u -> !base.getOrDefault(variable, List.of()).contains(u))
          .forEach(u -> uses.computeIfAbsent(variable, v -> new ArrayList<>())
              .add(new Use(env + ": " + u.where(), u.defaultValue(), u.required()))));
    }
    StringBuilder out = new StringBuilder();
    out.append("# Variables stack \"").append(stack.name()).append("\" reads from the deploying host.\n");
    out.append("# Copy to .env beside the Compose files and fill in; never commit real values.\n");
    if (uses.isEmpty()) {
      out.append("# (none)\n");
    }
    uses.forEach((variable, list) -> {
      out.append('\n');
      for (Use use : list) {
        out.append("# ").append(use.where())
            .append(use.defaultValue().map(d -> " (default: " + d + ")").orElse(use.required() ? " (required)" : ""))
            .append('\n');
      }
      out.append(variable).append('=')
          .append(list.stream().flatMap(u -> u.defaultValue().stream()).findFirst().orElse(""))
          .append('\n');
    });
    return out.toString();
  }

  private static void collect(StackSpec spec, Map<String, List<Use>> uses) {
    spec.services().forEach((name, service) -> service.environment().variables().forEach((key, value) -> {
      if (value instanceof EnvValue.FromHost h) {
        uses.computeIfAbsent(h.variable(), v -> new ArrayList<>())
            .add(new Use("services." + name + ".environment." + key, h.defaultValue(), h.required()));
      }
    }));
    spec.secrets().forEach((name, secret) -> {
      if (secret.source() instanceof Secret.Source.FromEnvironment e) {
        uses.computeIfAbsent(e.variable(), v -> new ArrayList<>())
            .add(new Use("secrets." + name + " (a secret value: keep it out of version control)", Optional.empty(), true));
      }
    });
  }
}
