package dev.sentinel.dsl.policy;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The findings of one lint or audit, as a table for people, JSON for tools and SARIF 2.1.0 for CI
 * systems that show findings inline.
 *
 * <pre>{@code
 * PolicyReport report = Linter.lint(spec, policy);
 * Files.writeString(Path.of("sentinel.sarif"), report.toSarif());
 * System.exit(report.fails() ? 1 : 0);
 * }</pre>
 *
 * @param stack the stack
 * @param environment the environment, when known
 * @param mode {@code lint} or {@code audit}
 * @param failAt the lowest severity that fails
 * @param findings every finding, suppressed ones included
 */
public record PolicyReport(String stack, Optional<String> environment, String mode, Severity failAt, List<Finding> findings) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public PolicyReport {
    checkNotNull(stack, "stack");
    checkNotNull(environment, "environment");
    checkNotNull(mode, "mode");
    checkNotNull(failAt, "failAt");
    findings = ImmutableList.copyOf(findings);
  }

  /** The findings that count: not suppressed. */
  public List<Finding> active() {
    return findings.stream().filter(f -> !f.isSuppressed()).toList();
  }

  /** The active findings at {@code severity}. */
  public List<Finding> active(Severity severity) {
    return active().stream().filter(f -> f.severity() == severity).toList();
  }

  /** Whether an unsuppressed finding is at or above the failure threshold. */
  public boolean fails() {
    return active().stream().anyMatch(f -> f.severity().compareTo(failAt) >= 0);
  }

  /** A table: severity, rule, where, message; then suppressed findings with their reasons; then a summary. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(mode).append(" of stack ").append(stack).append(environment.map(e -> " (" + e + ")").orElse("")).append('\n');
    for (Finding f : active()) {
      out.append(String.format("%-7s %-26s %s%n        fix: %s [%s]%n", f.severity(), f.ruleId(), f.message(), f.fix(), f.reference()));
    }
    for (Finding f : findings) {
      f.suppressedBecause().ifPresent(reason -> out.append(String.format("skipped %-26s %s (accepted: %s)%n", f.ruleId(), f.message(), reason)));
    }
    out.append(String.format("%d errors, %d warnings, %d info, %d suppressed: %s%n", active(Severity.ERROR).size(),
        active(Severity.WARNING).size(), active(Severity.INFO).size(), findings.size() - active().size(),
        fails() ? "FAILED (at " + failAt.name().toLowerCase(java.util.Locale.ROOT) + ")" : "passed"));
    return out.toString();
  }

  /** The report as JSON. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("stack", stack);
    environment.ifPresent(e -> root.put("environment", e));
    root.put("mode", mode);
    root.put("failAt", failAt.name());
    root.put("failed", fails());
    ArrayNode list = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode n = list.addObject();
      n.put("rule", f.ruleId());
      n.put("severity", f.severity().name());
      n.put("service", f.service());
      n.put("path", f.path());
      n.put("message", f.message());
      n.put("fix", f.fix());
      n.put("reference", f.reference());
      f.suppressedBecause().ifPresent(r -> n.put("suppressed", r));
    }
    return write(root);
  }

  /** The report as SARIF 2.1.0: one run, every rule in the driver, one result per finding. */
  public String toSarif() {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Sentinel");
    driver.put("version", "0.1.0");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new java.util.HashMap<>();
    for (Rule rule : Rules.ALL) {
      index.put(rule.id(), index.size());
      ObjectNode r = rules.addObject();
      r.put("id", rule.id());
      r.put("name", toCamel(rule.title()));
      r.putObject("shortDescription").put("text", rule.title());
      r.putObject("fullDescription").put("text", rule.rationale());
      r.putObject("help").put("text", rule.fix() + " (" + rule.reference() + ")");
      r.putObject("defaultConfiguration").put("level", rule.severity().sarifLevel());
      r.putObject("properties").put("reference", rule.reference());
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : findings) {
      ObjectNode r = results.addObject();
      r.put("ruleId", f.ruleId());
      r.put("ruleIndex", index.get(f.ruleId()));
      r.put("level", f.severity().sarifLevel());
      r.putObject("message").put("text", f.message() + ". Fix: " + f.fix());
      ObjectNode logical = r.putArray("locations").addObject().putArray("logicalLocations").addObject();
      logical.put("fullyQualifiedName", stack + "." + f.path());
      logical.put("kind", "member");
      f.suppressedBecause().ifPresent(reason -> {
        ObjectNode s = r.putArray("suppressions").addObject();
        s.put("kind", "inSource");
        s.put("justification", reason);
      });
    }
    run.putObject("properties").put("mode", mode).put("stack", stack).put("environment", environment.orElse(""));
    return write(root);
  }

  private static String toCamel(String title) {
    return java.util.Arrays.stream(title.split("[^A-Za-z0-9]+")).filter(w -> !w.isEmpty())
        .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).collect(Collectors.joining());
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
