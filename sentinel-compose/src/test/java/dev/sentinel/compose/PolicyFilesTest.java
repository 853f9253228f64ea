package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFilesTest {
  @Test
  void aPolicyFileSetsFailAtAndPerRuleSeverities() {
    Policy policy = PolicyFiles.parse("failAt: warning\nseverities:\n  RES-NO-ULIMITS: off\n  IMG-FLOATING-TAG: error\n");
    assertThat(policy.failAt()).isEqualTo(Severity.WARNING);
    assertThat(policy.disabled()).containsExactly("RES-NO-ULIMITS");
    assertThat(policy.severities()).containsExactly(java.util.Map.entry("IMG-FLOATING-TAG", Severity.ERROR));
  }

  @Test
  void anEmptyPolicyFileIsTheDefaults() {
    assertThat(PolicyFiles.parse("")).isEqualTo(Policy.defaults());
  }

  @Test
  void mistakesInAPolicyFileNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), "severities:\n  NO-SUCH-RULE: error\n");
    assertThatThrownBy(() -> PolicyFiles.read(file)).hasMessage(file + ": policy: there is no rule \"NO-SUCH-RULE\"");
    assertThatThrownBy(() -> PolicyFiles.parse("failAt: [unclosed")).hasMessageStartingWith("policy: not YAML:");
    assertThatThrownBy(() -> PolicyFiles.parse("!!java.io.File [/etc]")).hasMessageStartingWith("policy: not YAML:");
  }
}
