package dev.sentinel.dsl.policy;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How findings are weighed: severity overrides per rule ({@code OFF} drops a rule) and the
 * severity from which an unsuppressed finding fails the check.
 *
 * <pre>{@code
 * Policy.defaults().withSeverity("RES-NO-CPU-LIMIT", Severity.ERROR).failingAt(Severity.WARNING);
 * Policy.of(Map.of("failAt", "warning", "severities", Map.of("RES-NO-ULIMITS", "off")));
 * }</pre>
 *
 * <p>A policy file ({@code failAt: warning} and {@code severities:} in YAML) is read by {@code
 * dev.sentinel.compose.PolicyFiles} in sentinel-compose; this module has no YAML parser.
 *
 * @param severities overrides by rule id; a missing rule keeps its default
 * @param disabled rule ids that are not checked at all
 * @param failAt the lowest severity that fails
 */
public record Policy(Map<String, Severity> severities, java.util.Set<String> disabled, Severity failAt) {
  public Policy {
    severities = ImmutableMap.copyOf(severities);
    disabled = java.util.Set.copyOf(disabled);
    checkNotNull(failAt, "failAt");
  }

  /** Default severities; errors fail. */
  public static Policy defaults() {
    return new Policy(Map.of(), java.util.Set.of(), Severity.ERROR);
  }

  public Policy withSeverity(String ruleId, Severity severity) {
    requireRule(ruleId);
    Map<String, Severity> changed = new LinkedHashMap<>(severities);
    changed.put(ruleId, severity);
    return new Policy(changed, disabled, failAt);
  }

  public Policy without(String ruleId) {
    requireRule(ruleId);
    java.util.Set<String> changed = new java.util.LinkedHashSet<>(disabled);
    changed.add(ruleId);
    return new Policy(severities, changed, failAt);
  }

  public Policy failingAt(Severity severity) {
    return new Policy(severities, disabled, severity);
  }

  /** The severity of {@code rule} under this policy. */
  public Severity severityOf(Rule rule) {
    return severities.getOrDefault(rule.id(), rule.severity());
  }

  /**
   * A policy from a parsed policy document (YAML or JSON): {@code failAt: error|warning|info} and
   * {@code severities: {RULE-ID: error|warning|info|off}}; {@code null} (an empty file) is the defaults.
   *
   * @throws IllegalArgumentException naming the key or rule that is wrong
   */
  public static Policy of(Object loaded) {
    Policy policy = defaults();
    if (loaded == null) {
      return policy;
    }
    if (!(loaded instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("a policy file is a mapping with failAt and severities");
    }
    for (Object key : root.keySet()) {
      if (!key.equals("failAt") && !key.equals("severities")) {
        throw new IllegalArgumentException("policy: unknown key \"" + key + "\" (known: failAt, severities)");
      }
    }
    if (root.get("failAt") != null) {
      policy = policy.failingAt(severity("failAt", root.get("failAt").toString()));
    }
    if (root.get("severities") instanceof Map<?, ?> overrides) {
      for (Map.Entry<?, ?> e : overrides.entrySet()) {
        String id = e.getKey().toString();
        String value = String.valueOf(e.getValue());
        policy = value.equalsIgnoreCase("off") || value.equals("false") ? policy.without(id) : policy.withSeverity(id, severity("severities." + id, value));
      }
    }
    return policy;
  }

  private static Severity severity(String where, String value) {
    try {
      return Severity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy: " + where + " is \"" + value + "\", not one of error, warning, info" + (where.startsWith("severities") ? ", off" : ""), e);
    }
  }

  private static void requireRule(String id) {
    if (Rules.byId(id).isEmpty()) {
      throw new IllegalArgumentException("policy: there is no rule \"" + id + "\"");
    }
  }
}
