package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartOrderTest {
  /** The dependencies of benchmarks/cli/compose.yaml (there the conditions are service_healthy): db and cache, then two APIs and a worker, then two webs, then a gateway. */
  private static final StackSpec BENCH = Stack.define("bench", s -> s
      .service("db", x -> x.image("i")).service("cache", x -> x.image("i"))
      .service("metrics", x -> x.image("i")).service("logger", x -> x.image("i"))
      .service("api-1", x -> x.image("i").dependsOn("db").dependsOn("cache"))
      .service("api-2", x -> x.image("i").dependsOn("db").dependsOn("cache"))
      .service("worker", x -> x.image("i").dependsOn("db"))
      .service("web-1", x -> x.image("i").dependsOn("api-1"))
      .service("web-2", x -> x.image("i").dependsOn("api-2"))
      .service("gateway", x -> x.image("i").dependsOn("web-1").dependsOn("web-2"))).base();

  @Test
  void dependentChainsCountTheLongestChainOfServicesWaitingOnEach() {
    assertThat(StartOrder.dependentChains(BENCH.services())).isEqualTo(Map.of(
        "db", 3, "cache", 3, "metrics", 0, "logger", 0,
        "api-1", 2, "api-2", 2, "worker", 0,
        "web-1", 1, "web-2", 1, "gateway", 0));
  }

  @Test
  void linksCountAsWaitingAlongAWholeChainAndADependencyOutsideTheServicesIsIgnored() {
    StackSpec spec = Stack.define("links", s -> s
        // Declared with each link before its target: depends_on alone would put them in this order.
        .service("archive", x -> x.image("i").link("reports"))
        .service("reports", x -> x.image("i").link("api"))
        .service("api", x -> x.image("i").link("db:database"))
        .service("db", x -> x.image("i"))
        .service("cache", x -> x.image("i"))
        .service("web", x -> x.image("i").dependsOn("api").dependsOn("cache"))).base();
    Map<String, dev.sentinel.dsl.Service> withoutCache = new java.util.LinkedHashMap<>(spec.services());
    withoutCache.remove("cache"); // as a profile leaves it out

    assertThat(StartOrder.dependentChains(withoutCache))
        .isEqualTo(Map.of("db", 3, "api", 2, "reports", 1, "archive", 0, "web", 0));
  }
}
