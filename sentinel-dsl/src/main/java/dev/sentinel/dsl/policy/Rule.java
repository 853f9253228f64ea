package dev.sentinel.dsl.policy;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.function.Function;

/**
 * One policy rule: a stable id, a default severity, what it checks, how to fix it, and its
 * reference (the CIS Docker Benchmark 1.6 recommendation where one exists).
 *
 * @param id stable id, e.g. {@code SEC-PRIVILEGED}
 * @param severity default severity (a {@link Policy} can override it)
 * @param title what the rule is about, in a few words
 * @param rationale why it matters
 * @param fix how to fix a finding
 * @param reference e.g. {@code CIS Docker 1.6 §5.4}
 * @param check the violations in one service: each a field path (relative to the service) and a message
 */
public record Rule(String id, Severity severity, String title, String rationale, String fix, String reference,
    Function<ServiceView, List<Violation>> check) {

  /** Where and what, in one service. */
  public record Violation(String field, String message) {}

  public Rule {
    checkNotNull(id, "id");
    checkNotNull(severity, "severity");
    checkNotNull(title, "title");
    checkNotNull(rationale, "rationale");
    checkNotNull(fix, "fix");
    checkNotNull(reference, "reference");
    checkNotNull(check, "check");
  }
}
