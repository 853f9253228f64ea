package dev.sentinel.dsl;

/**
 * A stack definition the {@code sentinel} CLI (and other tools) find on the classpath with {@link
 * java.util.ServiceLoader}: list the class in {@code META-INF/services/dev.sentinel.dsl.StackDefinition}.
 *
 * <pre>{@code
 * public final class ShopStack implements StackDefinition {
 *   public Stack define() {
 *     return Stack.define("shop", s -> s.service("api", api -> api.image("shop/api:1.4")));
 *   }
 * }
 * }</pre>
 */
public interface StackDefinition {
  /** The stack, with its environments. */
  Stack define();
}
