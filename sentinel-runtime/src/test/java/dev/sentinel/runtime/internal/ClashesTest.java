package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Swarm target's clash check against an engine answering hand-written 20.10 JSON. */
class ClashesTest {
  private static final String NAMED_FRONT = "/networks?filters=%7B%22name%22%3A%5B%22shop_front%22%5D%7D";
  private static final String SHOP_CONTAINERS = "/containers/json?all=1&filters=%7B%22label%22%3A%5B%22dev.sentinel.stack%3Dshop%22%5D%7D";
  private final FakeEngine engine = new FakeEngine();

  @Test
  void aLocalNetworkSharingItsNameWithTheStacksSwarmNetworkIsTheClashWhicheverComesFirst() {
    // The engine's name filter matches parts of names too: shop_frontier is not shop_front.
    engine.answers.put(NAMED_FRONT, """
        [{"Name":"shop_front","Scope":"swarm","Driver":"overlay","Labels":{"dev.sentinel.stack":"shop"}},
         {"Name":"shop_frontier","Scope":"local","Driver":"bridge","Labels":{}},
         {"Name":"shop_front","Scope":"local","Driver":"bridge","Labels":{"dev.sentinel.stack":"shop"}}]""");
    engine.answers.put(SHOP_CONTAINERS, "[]");

    assertThatThrownBy(() -> Clashes.refuseOnSwarm(engine.client, "shop", List.of("shop_front")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("network shop_front exists as a local bridge network (stack shop's), and a Swarm stack needs an overlay"
            + " network of that name: take the engine deployment down first (sentinel --target engine down)");
  }

  @Test
  void theStacksOwnSwarmNetworkAndSwarmTasksAreNoClash() {
    engine.answers.put(NAMED_FRONT, """
        [{"Name":"shop_front","Scope":"swarm","Driver":"overlay","Labels":{"dev.sentinel.stack":"shop"}}]""");
    engine.answers.put(SHOP_CONTAINERS, """
        [{"Id":"t1","Names":["/shop_web.1.abc"],"Labels":{"dev.sentinel.stack":"shop","com.docker.swarm.service.id":"s1"}}]""");

    assertThatCode(() -> Clashes.refuseOnSwarm(engine.client, "shop", List.of("shop_front"))).doesNotThrowAnyException();
  }
}
