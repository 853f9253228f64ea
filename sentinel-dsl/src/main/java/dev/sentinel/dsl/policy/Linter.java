package dev.sentinel.dsl.policy;

import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks services against the policy rules: statically on a resolved stack ({@link #lint}), or on
 * any {@link ServiceView}s (the runtime's audit builds them from what really runs).
 *
 * <pre>{@code
 * PolicyReport report = Linter.lint(stack.resolve("production"), Policy.defaults());
 * if (report.fails()) { System.err.print(report.toText()); }
 * }</pre>
 */
public final class Linter {
  private Linter() {}

  /** Lints every service of {@code spec}. */
  public static PolicyReport lint(StackSpec spec, Policy policy) {
    List<ServiceView> views = new ArrayList<>();
    for (Service s : spec.services().values()) {
      views.add(ServiceView.of(s, spec.services(), spec.volumes()));
    }
    return check(spec.name(), spec.environment(), "lint", views, policy);
  }

  /** Checks {@code services}, as lint or audit ({@code mode}) of {@code stack}. */
  public static PolicyReport check(String stack, Optional<String> environment, String mode, List<ServiceView> services, Policy policy) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : Rules.ALL) {
      if (policy.disabled().contains(rule.id())) {
        continue;
      }
      for (ServiceView s : services) {
        for (Rule.Violation v : rule.check().apply(s)) {
          findings.add(new Finding(rule.id(), policy.severityOf(rule), s.service(), "services." + s.service() + "." + v.field(),
              "service \"" + s.service() + "\": " + v.message(), rule.fix(), rule.reference(),
              Optional.ofNullable(s.accepted().get(rule.id()))));
        }
      }
    }
    return new PolicyReport(stack, environment, mode, policy.failAt(), findings);
  }
}
