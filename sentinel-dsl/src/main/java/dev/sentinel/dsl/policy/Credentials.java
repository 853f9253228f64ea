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
 * Credentials.isLiteralCredential("DATABASE_URL", "postgres://shop:pw@db/shop"); // true: a password in a URL
 * }</pre>
 */
public final class Credentials {
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth).*"
          + "|(?i)(.*[_-])?pass([_-].*)?");

  /** {@code scheme://user:password@host...}, the password not a variable reference. */
  private static final Pattern URL_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:(?!\\$\\{)[^@\\s/]+@.*");

  private Credentials() {}

  /**
   * Whether {@code value} of {@code variable} is a credential written as such: a non-empty value
   * of a credential-named variable (not a path to a secret file), or a URL with a password in it.
   */
  public static boolean isLiteralCredential(String variable, String value) {
    return isNamedCredential(variable, value) || hasUrlPassword(value);
  }

  /** Whether {@code variable} is named like a credential and {@code value} is one, not a path to one. */
  public static boolean isNamedCredential(String variable, String value) {
    return CREDENTIAL_NAME.matcher(variable).matches() && !value.isEmpty() && !value.startsWith("/run/secrets/")
        && !variable.toUpperCase(Locale.ROOT).endsWith("_FILE");
  }

  /** Whether {@code value} is a URL with a password, e.g. {@code postgres://shop:hunter2@db/shop}. */
  public static boolean hasUrlPassword(String value) {
    return URL_PASSWORD.matcher(value).matches();
  }
}
