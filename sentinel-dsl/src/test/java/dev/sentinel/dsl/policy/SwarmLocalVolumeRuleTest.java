package dev.sentinel.dsl.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SWARM-LOCAL-VOLUME: a Swarm service writing to a node-local volume, with nothing keeping it on that node. */
class SwarmLocalVolumeRuleTest {
  private static List<Finding> findings(StackSpec spec) {
    return Linter.lint(spec, Policy.defaults()).findings().stream().filter(f -> f.ruleId().equals("SWARM-LOCAL-VOLUME")).toList();
  }

  private static StackSpec stack(java.util.function.Consumer<dev.sentinel.dsl.ServiceBuilder> db) {
    return Stack.define("shop", s -> {
      s.volume("data").volume("shared", v -> v.driver("nfs-csi")).volume("ro");
      s.service("db", d -> {
        d.image("postgres:16").mountVolume("data", "/var/lib/postgresql/data").mountVolume("shared", "/shared").mountVolumeReadOnly("ro", "/ro");
        db.accept(d);
      });
    }).resolveOrDefault(java.util.Optional.empty());
  }

  @Test
  void aSwarmServiceWritingToALocalVolumeWithoutAPinIsWarnedNamingTheVolume() {
    List<Finding> found = findings(stack(d -> d.placement("node.role==worker")));
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.service()).isEqualTo("db");
      assertThat(f.severity()).isEqualTo(Severity.WARNING);
      assertThat(f.message()).contains("volume data stays on whichever node runs the task");
    });
  }

  @Test
  void aPinByHostnameOrLabelOrASharedDriverOrNoSwarmSettingsIsNotWarned() {
    assertThat(findings(stack(d -> d.placement("node.labels.data == here")))).isEmpty();
    assertThat(findings(stack(d -> d.placement("node.hostname==db-1")))).isEmpty();
    assertThat(findings(stack(d -> { }))).as("a service without Swarm settings (one engine)").isEmpty();
  }
}
