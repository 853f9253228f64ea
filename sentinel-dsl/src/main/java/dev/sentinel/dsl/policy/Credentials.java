package dev.sentinel.dsl.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which environment variables hold a credential written into the definition: the judgement of
 * rule {@code SEC-LITERAL-CREDENTIAL}, shared with the Compose import (which turns such values into
 * generated secrets).
 *
 * <pre>{@code
 * Credentials.isLiteralCredential("POSTGRES_PASSWORD", "hunter2");            // true
 * Credentials.isLiteralCredential("RABBITMQ_DEFAULT_PASS", "guest");          // true
 * Credentials.isLiteralCredential("PASSPORT_OFFICE", "Berlin");               // false
 * Credentials.isLiteralCredential("POSTGRES_PASSWORD_FILE", "/run/secrets/x"); // false
 * }</pre>
 */
public final class Credentials {
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth).*"
          + "|(?i)(.*[_-])?pass([_-].*)?");

  private Credentials() {}

  /** Whether {@code variable} is named like a credential and {@code value} is one, not a path to one. */
  public static boolean isLiteralCredential(String variable, String value) {
    return CREDENTIAL_NAME.matcher(variable).matches() && !value.isEmpty() && !value.startsWith("/run/secrets/")
        && !variable.toUpperCase(Locale.ROOT).endsWith("_FILE");
  }
}
