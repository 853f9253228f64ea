package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Finding;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deliberately insecure stack, audited as it really runs. */
class AuditIT {
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("audit");

  @TempDir Path state;

  @AfterEach
  void removeTheStack() {
    try {
      StackCleanup.removeEverything(name);
    } finally {
      engine.close();
    }
  }

  @Test
  void theAuditSeesWhatRunsIncludingWhatLintCannot() throws Exception {
    StackSpec spec = Stack.define(name, s -> s
        .service("insecure", i -> i.image(TestImages.busyboxWithImageHealthCheck())
            .command("sh", "-c", "mkdir -p /tmp/w && exec httpd -f -p 8080 -h /tmp/w")
            .port("0.0.0.0::8080")
            .env("DB_PASSWORD", "hunter2")
            .accept("RES-NO-CPU-LIMIT", "audit test"))
        .service("crashy", c -> c.image(TestImages.busybox()).command("sh", "-c", "sleep 0.2; exit 3").restart("on-failure:2"))).base();
    target.apply(spec, ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(AuditIT.class))
        .withServiceTimeout(Duration.ofSeconds(30)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (target.status(name).containers("crashy").get(0).restartCount() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }

    PolicyReport lint = Linter.lint(spec, Policy.defaults());
    PolicyReport audit = target.audit(spec, Policy.defaults());

    // The definition sets no user; only the audit sees that the image runs as root.
    assertThat(messages(lint, "SEC-ROOT-USER", "insecure")).containsExactly("service \"insecure\": sets no user (the image's, often root)");
    assertThat(messages(audit, "SEC-ROOT-USER", "insecure")).containsExactly("service \"insecure\": runs as root (0:0)");
    // The image has a HEALTHCHECK the definition does not mention.
    assertThat(messages(lint, "REL-NO-HEALTHCHECK", "insecure")).hasSize(1);
    assertThat(messages(audit, "REL-NO-HEALTHCHECK", "insecure")).isEmpty();
    // The port as really bound: every interface, with the port the engine picked.
    assertThat(messages(audit, "NET-PORT-ALL-INTERFACES", "insecure")).singleElement().asString().matches(".*0\\.0\\.0\\.0:\\d+:8080/tcp on every interface");
    // Runtime-only findings.
    assertThat(messages(audit, "RUN-RESTARTED", "crashy")).hasSize(1);
    assertThat(messages(lint, "RUN-RESTARTED", "crashy")).isEmpty();
    // The same static findings where nothing differs, and suppressions honoured.
    assertThat(messages(audit, "SEC-LITERAL-CREDENTIAL", "insecure")).containsExactly("service \"insecure\": environment variable DB_PASSWORD holds a literal credential");
    assertThat(audit.findings()).filteredOn(f -> f.ruleId().equals("RES-NO-CPU-LIMIT") && f.service().equals("insecure"))
        .singleElement().satisfies(f -> assertThat(f.suppressedBecause()).contains("audit test"));
    assertThat(audit.fails()).isTrue();
    assertThat(audit.mode()).isEqualTo("audit");
  }

  private static List<String> messages(PolicyReport report, String rule, String service) {
    return report.findings().stream().filter(f -> f.ruleId().equals(rule) && f.service().equals(service)).map(Finding::message).toList();
  }
}
