package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final Plan plan = new Plan("shop", Optional.of("production"), List.of(
      new PlannedAction(PlannedAction.Kind.UNCHANGED, PlannedAction.ObjectType.NETWORK, "shop_backend", Optional.empty(), List.of(), "exists"),
      new PlannedAction(PlannedAction.Kind.RECREATE, PlannedAction.ObjectType.CONTAINER, "shop-api-1", Optional.of("api"),
          List.of("imageId", "memoryBytes"), ""),
      new PlannedAction(PlannedAction.Kind.ORPHAN, PlannedAction.ObjectType.VOLUME, "shop_old", Optional.empty(), List.of(), "no longer defined")));

  @Test
  void printsForPeople() {
    assertThat(plan.toText()).isEqualTo("""
        stack shop (production): 1 change
        = unchanged network shop_backend (exists)
        ~ recreate container shop-api-1 (imageId, memoryBytes)
        ? orphan volume shop_old (no longer defined)
        """);
  }

  @Test
  void serialisesToJson() {
    assertThat(plan.toJson()).contains("\"stack\" : \"shop\"", "\"environment\" : \"production\"", "\"kind\" : \"RECREATE\"",
        "\"changes\" : [ \"imageId\", \"memoryBytes\" ]");
  }

  @Test
  void knowsWhetherItChangesAnything() {
    assertThat(plan.isNoOp()).isFalse();
    assertThat(plan.changes()).extracting(PlannedAction::name).containsExactly("shop-api-1");
    assertThat(new Plan("shop", Optional.empty(), plan.actions().subList(0, 1)).isNoOp()).isTrue();
  }
}
