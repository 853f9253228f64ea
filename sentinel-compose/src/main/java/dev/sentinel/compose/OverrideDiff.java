package dev.sentinel.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a Compose override file: applied over {@code base} with {@code docker compose -f base -f
 * override}, it gives {@code resolved}. Per element (a service, network, ...) only the attributes
 * that differ are written; an attribute that changed is written whole with {@code !override}, and
 * one that went away with {@code !reset}, so Compose's own merge (which appends lists and merges
 * maps) cannot blend old and new values.
 */
final class OverrideDiff {
  private static final String[] SECTIONS = {"services", "networks", "volumes", "secrets", "configs"};

  private OverrideDiff() {}

  /** The override tree taking {@code base} to {@code resolved}; it has only {@code name} when they are equal. */
  static Map<String, Object> between(Map<String, Object> base, Map<String, Object> resolved) {
    Map<String, Object> override = new LinkedHashMap<>();
    override.put("name", resolved.get("name"));
    for (String section : SECTIONS) {
      Map<String, Object> changes = section(asMap(base.get(section)), asMap(resolved.get(section)));
      if (!changes.isEmpty()) {
        override.put(section, changes);
      }
    }
    return override;
  }

  private static Map<String, Object> section(Map<String, Object> base, Map<String, Object> resolved) {
    Map<String, Object> changes = new LinkedHashMap<>();
    resolved.forEach((name, element) -> {
      if (!base.containsKey(name)) {
        changes.put(name, element);
      } else if (!Objects.equals(base.get(name), element)) {
        changes.put(name, element(asMap(base.get(name)), asMap(element)));
      }
    });
    base.keySet().stream()
        .filter(name -> !resolved.containsKey(name))
        .forEach(name -> changes.put(name, new ComposeYaml.Tagged("!reset", null)));
    return changes;
  }

  private static Map<String, Object> element(Map<String, Object> base, Map<String, Object> resolved) {
    Map<String, Object> changes = new LinkedHashMap<>();
    resolved.forEach((key, value) -> {
      Object old = base.get(key);
      if (!base.containsKey(key)) {
        changes.put(key, value);
      } else if (!Objects.equals(old, value)) {
        boolean composite = value instanceof Map || value instanceof Iterable;
        changes.put(key, composite ? new ComposeYaml.Tagged("!override", value) : value);
      }
    });
    base.keySet().stream()
        .filter(key -> !resolved.containsKey(key))
        .forEach(key -> changes.put(key, new ComposeYaml.Tagged("!reset", null)));
    return changes;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }
}
