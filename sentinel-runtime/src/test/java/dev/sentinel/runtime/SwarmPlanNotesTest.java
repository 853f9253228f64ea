package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Hook;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import org.junit.jupiter.api.Test;

/** What a Swarm plan says it leaves out of a service: every section that has settings a task lacks names them. */
class SwarmPlanNotesTest {
  private static final StackSpec SPEC = Stack.define("shop", s -> s
      .network("front", n -> n.subnet("172.28.0.0/16"))
      .service("data", d -> d.image("busybox:1"))
      .service("plain", p -> p.image("shop/api:1").network("front", "api"))
      .service("everything", e -> e.image("shop/api:1")
          .postStart(Hook.command("true")).preStop(Hook.command("true"))
          .volumesFrom("data:ro")
          .domainname("shop.test").macAddress("02:42:ac:11:00:02")
          .network("front", n -> n.ipv4Address("172.28.0.10").linkLocalIp("169.254.1.1")))).base();

  @Test
  void aServiceWithoutSingleEngineSettingsGetsNoNote() {
    assertThat(SwarmTarget.singleEngineOnly(SPEC.service("plain"))).isEmpty();
  }

  @Test
  void eachSettingATaskCannotHaveIsNamedOnce() {
    assertThat(SwarmTarget.singleEngineOnly(SPEC.service("everything"))).isEqualTo(
        "; ignored on a Swarm (a task has no such setting): post_start, pre_stop, volumes_from, domainname, mac_address, ipv4_address,"
            + " link_local_ips");
  }
}
