package dev.sentinel.dsl.policy;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * One rule broken by one service.
 *
 * @param ruleId the rule, e.g. {@code SEC-ROOT-FS}
 * @param severity its severity under the policy in force
 * @param service the service
 * @param path where, e.g. {@code services.api.read_only}
 * @param message what, naming the service and field
 * @param fix how to fix it
 * @param reference the rule's reference (CIS id where one exists)
 * @param suppressedBecause the reason the service gave for accepting the rule, when it did
 */
public record Finding(String ruleId, Severity severity, String service, String path, String message, String fix, String reference,
    Optional<String> suppressedBecause) {
  public Finding {
    checkNotNull(ruleId, "ruleId");
    checkNotNull(severity, "severity");
    checkNotNull(service, "service");
    checkNotNull(path, "path");
    checkNotNull(message, "message");
    checkNotNull(fix, "fix");
    checkNotNull(reference, "reference");
    checkNotNull(suppressedBecause, "suppressedBecause");
  }

  public boolean isSuppressed() {
    return suppressedBecause.isPresent();
  }
}
