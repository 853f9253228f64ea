package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A stack definition: a validated base and named environment overlays (development, production,
 * ...). Every environment is resolved and validated when the stack is built, so a {@code Stack}
 * that exists is valid in each of them.
 *
 * <pre>{@code
 * Stack stack = Stack.define("shop", s -> s
 *     .network("backend", n -> n.internal())
 *     .secret("db-password", secret -> secret.generated(32))
 *     .service("db", db -> db.image("postgres:16").network("backend")
 *         .envSecretFile("POSTGRES_PASSWORD_FILE", "db-password")
 *         .healthCheck(h -> h.command("pg_isready").every("5s")))
 *     .service("api", api -> api.image("shop/api:1.4").user(10001, 10001).hardened()
 *         .network("backend").port("8080:8080").dependsOn("db", Dependency.Condition.HEALTHY))
 *     .environment("production", e -> e.service("api", api -> api.replicas(3))));
 *
 * StackSpec production = stack.resolve("production");
 * }</pre>
 *
 * @param base the base definition, valid on its own
 * @param environments overlays by environment name, applied over the base by {@link #resolve}
 */
public record Stack(StackSpec base, Map<String, Consumer<StackBuilder>> environments) {
  /** The environment tools use when none is named and the stack has environments. */
  public static final String DEFAULT_ENVIRONMENT = "development";

  public Stack {
    checkNotNull(base, "base");
    environments = ImmutableMap.copyOf(environments);
  }

  /**
   * Defines and builds a stack in one expression.
   *
   * @throws InvalidStackException listing every problem of the base and of each environment
   */
  public static Stack define(String name, Consumer<StackBuilder> definition) {
    StackBuilder builder = builder(name);
    definition.accept(builder);
    return builder.build();
  }

  /** A builder for a stack named {@code name} ({@code [a-z0-9][a-z0-9_-]*}). */
  public static StackBuilder builder(String name) {
    return new StackBuilder(checkNotNull(name, "name"));
  }

  /** The stack's name. */
  public String name() {
    return base.name();
  }

  /**
   * The effective spec in {@code environment}: the base with the environment's overlay applied,
   * validated.
   *
   * @throws IllegalArgumentException naming the known environments when there is no such one
   * @throws InvalidStackException when the overlay makes the stack invalid (never for a built stack)
   */
  public StackSpec resolve(String environment) {
    Consumer<StackBuilder> overlay = environments.get(environment);
    if (overlay == null) {
      throw new IllegalArgumentException(
          "stack \"" + name() + "\" has no environment \"" + environment + "\" (it has: "
              + (environments.isEmpty() ? "none" : String.join(", ", environments.keySet())) + ")");
    }
    StackBuilder builder = StackBuilder.overlay(base);
    overlay.accept(builder);
    return builder.buildSpec(Optional.of(environment));
  }

  /**
   * The effective spec for a tool that may or may not have been told an environment (the CLI's
   * {@code --env}, the Maven plugin's {@code sentinel.env}): the named one; else the base when the
   * stack defines no environments; else {@value #DEFAULT_ENVIRONMENT}.
   *
   * <pre>{@code
   * StackSpec spec = stack.resolveOrDefault(Optional.ofNullable(System.getProperty("env")));
   * }</pre>
   *
   * @throws IllegalArgumentException naming the known environments when the named one does not
   *     exist, or when none is named and the stack has environments but no {@value
   *     #DEFAULT_ENVIRONMENT}
   */
  public StackSpec resolveOrDefault(Optional<String> environment) {
    if (environment.isPresent()) {
      return resolve(environment.get());
    }
    if (environments.isEmpty()) {
      return base;
    }
    if (!environments.containsKey(DEFAULT_ENVIRONMENT)) {
      throw new IllegalArgumentException("stack \"" + name() + "\" has environments (" + String.join(", ", environments.keySet())
          + ") but none named \"" + DEFAULT_ENVIRONMENT + "\": name the one to use");
    }
    return resolve(DEFAULT_ENVIRONMENT);
  }

  /**
   * The effective spec in {@code environment} (or the base when empty) with one more overlay on
   * top, e.g. a test's changes: publish a port, replace an image.
   *
   * @throws IllegalArgumentException naming the known environments when there is no such one
   * @throws InvalidStackException listing every problem the extra overlay causes
   */
  public StackSpec resolve(Optional<String> environment, Consumer<StackBuilder> extra) {
    StackSpec start = environment.map(this::resolve).orElse(base);
    StackBuilder builder = StackBuilder.overlay(start);
    extra.accept(builder);
    return builder.buildSpec(environment);
  }
}
