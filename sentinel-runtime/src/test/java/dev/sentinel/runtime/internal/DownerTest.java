package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What down says of a network the engine refuses to remove, against an engine answering hand-written JSON. */
class DownerTest {
  private final FakeEngine engine = new FakeEngine();

  @Test
  void networksTheEngineKeepsAreNamedWithTheirCauseAfterEverythingElseIsRemoved() {
    StackSpec spec = Stack.define("shop", s -> s.network("front").network("back")
        .service("web", w -> w.image("busybox").network("front").network("back"))).base();
    engine.answers.put("/networks?filters=%7B%22label%22%3A%5B%22dev.sentinel.stack%3Dshop%22%5D%7D", """
        [{"Name":"shop_front","Id":"n1"},{"Name":"shop_back","Id":"n2"},{"Name":"shop_default","Id":"n3"}]""");
    // The engine's words (20.10) for both causes; only the network's inspect tells them apart.
    engine.answers.put("/networks/n1", "{\"message\":\"error while removing network: network shop_front id n1 has active endpoints\"}");
    engine.statuses.put("/networks/n1", 403);
    engine.answers.put("/networks/shop_front", "{\"Name\":\"shop_front\",\"Containers\":{}}");
    engine.answers.put("/networks/n2", "{\"message\":\"error while removing network: network shop_back id n2 has active endpoints\"}");
    engine.statuses.put("/networks/n2", 403);
    engine.answers.put("/networks/shop_back", "{\"Name\":\"shop_back\",\"Containers\":{\"c0ffee\":{\"Name\":\"intruder\"}}}");
    engine.answers.put("/networks/n3", "");
    engine.statuses.put("/networks/n3", 204);
    engine.answersByPrefix.put("/volumes?", "{\"Volumes\":[],\"Warnings\":null}");

    assertThatThrownBy(() -> new Downer(engine.client, event -> {}).down(spec, List.of(), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("""
            stack "shop" is down but for its networks:
              network shop_front is kept: the engine counts an endpoint on it although no container is attached (a known engine \
            fault, moby/moby#43286); it can be removed (docker network rm shop_front) once the engine has restarted
              network shop_back is kept: containers that are not the stack's are attached to it (intruder); disconnect them \
            (docker network disconnect shop_back NAME) and run down again""");
    assertThat(engine.asked).contains("DELETE /networks/n3").anyMatch(r -> r.startsWith("GET /volumes?"));
  }
}
