package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key that names reused stacks and picks shared ones: stable for a definition, different for another. */
class DefinitionKeyTest {
  @Test
  void theSameDefinitionResolvedTwiceHasTheSameKey() {
    assertThat(SentinelStackContainer.of(WebStack.define()).withReuse().definitionKey())
        .isEqualTo(SentinelStackContainer.of(WebStack.define()).withReuse().definitionKey());
  }

  @Test
  void anOverrideALabelOrAnOptionChangesTheKey() {
    String base = SentinelStackContainer.of(WebStack.define()).definitionKey();
    assertThat(SentinelStackContainer.of(WebStack.define()).withOverride(s -> s.service("web", w -> w.env("MESSAGE", "other"))).definitionKey())
        .isNotEqualTo(base);
    assertThat(SentinelStackContainer.of(WebStack.define()).withLabel("team", "a").definitionKey()).isNotEqualTo(base);
    assertThat(SentinelStackContainer.of(WebStack.define()).withFixedPorts().definitionKey()).isNotEqualTo(base);
  }

  @Test
  void theKeyedTextHoldsNothingThatDiffersBetweenJvms() {
    // Identity hash codes (Object.toString) or lambda class names would give every run a new key,
    // and reuse would never find the stack the previous run left.
    String text = SentinelStackContainer.of(WebStack.define()).definitionText();
    assertThat(text).contains("hello-from-web").doesNotContain("$$Lambda").doesNotContainPattern("@[0-9a-f]{5,}");
  }
}
