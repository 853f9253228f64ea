package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * Says where a {@link Secret}'s value comes from.
 *
 * <pre>{@code
 * stack.secret("redis-password", s -> s.generated(32));
 * }</pre>
 */
public final class SecretBuilder {
  private final String name;
  private final Problems problems;
  private Secret.Source source;

  SecretBuilder(String name, Optional<Secret> from, Problems problems) {
    this.name = name;
    this.problems = problems;
    this.source = from.map(Secret::source).orElse(null);
  }

  /** Read from a file on the deploying host. */
  public SecretBuilder fromFile(String path) {
    this.source = new Secret.Source.FromFile(checkNotNull(path, "path"));
    return this;
  }

  /** Read from a variable of the deploying host's environment. */
  public SecretBuilder fromEnvironment(String variable) {
    this.source = new Secret.Source.FromEnvironment(checkNotNull(variable, "variable"));
    return this;
  }

  /** Generated once: {@code length} random alphanumeric characters, kept in the secret store. */
  public SecretBuilder generated(int length) {
    return generated(length, Secret.Alphabet.ALPHANUMERIC);
  }

  /** Generated once: {@code length} random characters of {@code alphabet}, kept in the secret store. */
  public SecretBuilder generated(int length, Secret.Alphabet alphabet) {
    problems.check("secrets." + name, () -> this.source = new Secret.Source.Generated(length, alphabet));
    return this;
  }

  /** A Swarm secret made outside the stack, named as the secret is named here. */
  public SecretBuilder external() {
    return external(name);
  }

  /** A Swarm secret made outside the stack, under this name (Compose's {@code external: true} with {@code name}). */
  public SecretBuilder external(String engineName) {
    this.source = new Secret.Source.External(checkNotNull(engineName, "engineName"));
    return this;
  }

  Optional<Secret> build() {
    if (source == null) {
      problems.add("secrets." + name, "secret has no source: fromFile(...), fromEnvironment(...), generated(...) or external()");
      return Optional.empty();
    }
    return Optional.of(new Secret(name, source));
  }
}
