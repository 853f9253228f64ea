package dev.sentinel.dsl.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/policy.md explains every rule, so the docs cannot fall behind the code. */
class PolicyDocsTest {
  @Test
  void everyRuleIsDocumented() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "policy.md"));
    for (Rule rule : Rules.ALL) {
      assertThat(docs).as(rule.id()).contains("| `" + rule.id() + "` | " + rule.title() + " |").contains(rule.reference());
    }
  }
}
