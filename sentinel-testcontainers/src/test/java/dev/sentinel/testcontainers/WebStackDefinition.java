package dev.sentinel.testcontainers;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;

/** {@link WebStack} as a definition class, for {@code @SentinelStack}. */
public final class WebStackDefinition implements StackDefinition {
  @Override
  public Stack define() {
    return WebStack.define();
  }
}
