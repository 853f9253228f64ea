package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.UpdateConfig;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The service-level part of a Swarm service's hash keeps its earlier form, so an upgrade updates no service. */
class SwarmDesiredTest {
  private static Service service(Consumer<dev.sentinel.dsl.ServiceBuilder> settings) {
    return Stack.define("s", s -> s.service("a", a -> {
      a.image("a:1");
      settings.accept(a);
    })).base().service("a");
  }

  @Test
  void aServiceWithoutTheNewerDeploySettingsHashesAsBeforeThemWritten() {
    // Written by hand: the text of the deploy record as it was before mode, endpoint mode, labels and rollback.
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.replicas(2).placement("node.role==manager"))))
        .isEqualTo("Deploy[replicas=2, update=Optional.empty, placementConstraints=[node.role==manager], restartPolicy=Optional.empty]");
  }

  @Test
  void eachNewerSettingChangesTheText() {
    String plain = SwarmDesired.serviceLevelText(service(a -> {}));
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.global()))).isNotEqualTo(plain).endsWith("|global");
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.dnsRoundRobin()))).endsWith("|dnsrr");
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.deployLabel("team", "data")))).endsWith("|labels={team=data}");
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.rollbackConfig(u -> u.order(UpdateConfig.Order.START_FIRST)))))
        .contains("|rollback=");
    assertThat(SwarmDesired.serviceLevelText(service(a -> a.port(dev.sentinel.dsl.PortMapping.parse("8080:80").inHostMode()))))
        .contains("|host-mode=127.0.0.1:8080:80/tcp");
  }
}
