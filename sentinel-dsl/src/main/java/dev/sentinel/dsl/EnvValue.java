package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * The value of a container environment variable. A secret's value is never one of these: a secret
 * is mounted as a file, and {@link SecretFile} passes its path (the {@code *_FILE} convention).
 *
 * <pre>{@code
 * svc.env("LOG_LEVEL", "info");                                // Literal
 * svc.envFromHost("API_URL", "API_URL", "http://127.0.0.1");   // FromHost, read at deploy time
 * svc.envSecretFile("REDIS_PASSWORD_FILE", "redis-password");  // SecretFile -> /run/secrets/...
 * }</pre>
 */
public sealed interface EnvValue permits EnvValue.Literal, EnvValue.FromHost, EnvValue.SecretFile {

  /** A fixed value written in the definition. */
  record Literal(String value) implements EnvValue {
    public Literal {
      checkNotNull(value, "value");
    }
  }

  /**
   * A value read from the deploying host's environment (or a {@code .env} file) when the stack is
   * applied or exported.
   *
   * @param variable the host variable's name
   * @param defaultValue used when the variable is unset or empty
   * @param required whether deploying without the variable is an error
   */
  record FromHost(String variable, Optional<String> defaultValue, boolean required) implements EnvValue {
    public FromHost {
      checkNotNull(variable, "variable");
      checkNotNull(defaultValue, "defaultValue");
    }
  }

  /**
   * The path at which the service's mount of {@code secret} appears, e.g. {@code
   * /run/secrets/redis-password}.
   */
  record SecretFile(String secret) implements EnvValue {
    public SecretFile {
      checkNotNull(secret, "secret");
    }
  }
}
