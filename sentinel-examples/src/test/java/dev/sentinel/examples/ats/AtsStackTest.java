package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.dsl.policy.Severity;
import org.junit.jupiter.api.Test;

class AtsStackTest {
  private final Stack stack = new AtsStack().define();

  @Test
  void productionLintsWithNoErrorsAndNoUnsuppressedWarnings() {
    PolicyReport report = Linter.lint(stack.resolve("production"), Policy.defaults());
    assertThat(report.active(Severity.ERROR)).as(report.toText()).isEmpty();
    assertThat(report.active(Severity.WARNING)).as(report.toText()).isEmpty();
  }

  @Test
  void developmentAndUbuntuLintWithoutErrors() {
    for (String env : new String[] {"development", "ubuntu"}) {
      PolicyReport report = Linter.lint(stack.resolve(env), Policy.defaults());
      assertThat(report.active(Severity.ERROR)).as(env + "\n" + report.toText()).isEmpty();
    }
  }

  @Test
  void environmentsShapeTheSwarm() {
    StackSpec dev = stack.resolve("development");
    StackSpec prod = stack.resolve("production");
    assertThat(dev.service("agent").deploy().replicas()).isEqualTo(1);
    assertThat(prod.service("agent").deploy().replicas()).isEqualTo(3);
    assertThat(prod.services().values().stream().filter(s -> !s.networking().ports().isEmpty()).map(s -> s.name()))
        .containsExactly("orchestrator");
    assertThat(prod.service("grafana").networking().ports()).isEmpty();
    assertThat(dev.service("orchestrator").networking().ports()).allSatisfy(p -> assertThat(p.hostIp()).isEqualTo("127.0.0.1"));
    assertThat(stack.resolve("ubuntu").service("orchestrator").logging().orElseThrow().driver()).isEqualTo("journald");
    assertThat(dev.enabledServices(java.util.List.of()).keySet()).doesNotContain("grafana");
  }

  @Test
  void everyServiceJoinsOnlyWhatItNeeds() {
    StackSpec prod = stack.resolve("production");
    assertThat(prod.service("redis").networking().networks().keySet()).containsExactly("backend");
    assertThat(prod.service("agent").networking().networks().keySet()).containsExactly("backend", "monitoring");
    assertThat(prod.service("prometheus").networking().networks().keySet()).containsExactly("monitoring");
    assertThat(prod.networks().get("backend").internal()).isTrue();
    assertThat(prod.networks().get("monitoring").internal()).isTrue();
  }

  @Test
  void prometheusFilesAreGeneratedFromTheDeclaredEndpoints() {
    StackSpec spec = stack.base();
    String config = ((dev.sentinel.dsl.Config.Source.Content) spec.configs().get("prometheus-yml").source()).content();
    assertThat(config).contains("job_name: orchestrator").contains("job_name: agent").contains("port: 9100");
    String rules = ((dev.sentinel.dsl.Config.Source.Content) spec.configs().get("alert-rules-yml").source()).content();
    assertThat(rules).contains("alert: ServiceDown_orchestrator").contains("alert: ServiceDown_agent").contains("BackupTooOld");
  }
}
