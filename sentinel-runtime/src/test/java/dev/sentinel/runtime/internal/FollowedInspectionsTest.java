package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FollowedInspectionsTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicLong clock = new AtomicLong();
  /** The engine's answers: {"read": n} for the n-th read; reads wait for {@link #held} while it is set. */
  private final AtomicInteger reads = new AtomicInteger();
  private volatile CountDownLatch held;
  private volatile RuntimeException failure;
  private final FollowedInspections inspections = new FollowedInspections(id -> {
    int n = reads.incrementAndGet();
    CountDownLatch gate = held;
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return Optional.of(JsonNodeFactory.instance.objectNode().put("read", n));
  }, pool, clock::get);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** An event stamped {@code stamp}, arriving then (this host's clock moved on to it, if behind). */
  private void event(FollowedInspections on, long connection, long stamp, String type, String action, String actor) {
    event(on, connection, stamp, type, action, actor, Map.of());
  }

  private void event(FollowedInspections on, long connection, long stamp, String type, String action, String actor,
      Map<String, String> attributes) {
    clock.accumulateAndGet(stamp, Math::max);
    on.received(connection, stamp, type, action, actor, attributes);
  }

  /** {@code a} read and kept on a live stream (its first read). */
  private long liveWithAKept() {
    long connection = inspections.connecting();
    event(inspections, connection, 10, "container", "exec_start: wget", "other");
    clock.set(100);
    assertThat(inspections.of(List.of("a")).get("a").path("read").asInt()).isEqualTo(1);
    return connection;
  }

  /**
   * Starts a call at {@code stamp} whose reads from the engine are held until released, and returns
   * once its read has begun (so the call waits for an event from then on).
   */
  private CompletableFuture<Map<String, JsonNode>> heldCallAt(long stamp) throws InterruptedException {
    held = new CountDownLatch(1);
    clock.set(stamp);
    int before = reads.get();
    var call = CompletableFuture.supplyAsync(() -> inspections.of(List.of("a")), pool);
    await(() -> reads.get() > before);
    return call;
  }

  private static int readNumber(CompletableFuture<Map<String, JsonNode>> call) throws Exception {
    return call.get(5, TimeUnit.SECONDS).get("a").path("read").asInt();
  }

  private static boolean answersWithin(CompletableFuture<?> call, long millis) throws Exception {
    try {
      call.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * A call at 200 with an event stamped 201 (the proof) on {@code connection}, which must still wait
   * for the engine's read: nothing kept is valid. That read is the second.
   */
  private void assertAProvenCallWaitsForTheEngine(long connection) throws Exception {
    var call = heldCallAt(200);
    event(inspections, connection, 201, "container", "exec_die", "other");
    assertThat(answersWithin(call, 200)).as("nothing kept is valid: the engine's answer is awaited").isFalse();
    held.countDown();
    assertThat(readNumber(call)).isEqualTo(2);
  }

  @Test
  void aKeptInspectionAnswersOnceAnEventStampedAfterTheCallBeganArrives_whileTheEnginesReadIsStillHeld() throws Exception {
    long connection = liveWithAKept();
    var call = heldCallAt(200);
    assertThat(answersWithin(call, 200)).as("no event after the call began yet").isFalse();
    event(inspections, connection, 201, "container", "exec_die", "other");
    assertThat(readNumber(call)).isEqualTo(1);
    assertThat(inspections.keptAnswers()).isEqualTo(1);
    held.countDown();
  }

  @Test
  void anEventStampedBeforeTheCallBeganProvesNothing_theCallWaitsForTheEngine() throws Exception {
    long connection = liveWithAKept();
    var call = heldCallAt(300);
    event(inspections, connection, 300, "container", "exec_die", "other");
    assertThat(answersWithin(call, 200)).isFalse();
    held.countDown();
    assertThat(readNumber(call)).isEqualTo(2);
    assertThat(inspections.keptAnswers()).isZero();
  }

  @Test
  void anEventAboutTheContainerSinceItWasReadDiscardsWhatWasKept() throws Exception {
    long connection = liveWithAKept();
    event(inspections, connection, 150, "container", "update", "a");
    assertAProvenCallWaitsForTheEngine(connection);
  }

  @Test
  void aNetworkDisconnectOfTheContainerDiscardsWhatWasKept() throws Exception {
    long connection = liveWithAKept();
    event(inspections, connection, 150, "network", "disconnect", "net-id", Map.of("container", "a", "name", "back"));
    assertAProvenCallWaitsForTheEngine(connection);
  }

  @Test
  void anEventArrivingWhileAReadIsInFlightKeepsThatReadFromBeingKept() throws Exception {
    long connection = inspections.connecting();
    event(inspections, connection, 10, "container", "exec_start: wget", "other");
    var first = heldCallAt(100);
    event(inspections, connection, 90, "container", "update", "a"); // stamped before the call: no proof, but a change
    held.countDown();
    assertThat(readNumber(first)).isEqualTo(1);
    assertAProvenCallWaitsForTheEngine(connection);
  }

  @Test
  void aLostStreamDiscardsWhatWasKept() throws Exception {
    long connection = liveWithAKept();
    inspections.lost(connection);
    long next = inspections.connecting();
    event(inspections, next, 150, "container", "exec_die", "other");
    assertAProvenCallWaitsForTheEngine(next);
  }

  @Test
  void eventsOfAnEndedConnectionProveNothing() throws Exception {
    long connection = liveWithAKept();
    inspections.lost(connection);
    long next = inspections.connecting();
    event(inspections, next, 150, "container", "exec_die", "other");
    clock.set(160);
    assertThat(inspections.of(List.of("a")).get("a").path("read").asInt()).isEqualTo(2); // kept on the new connection
    var call = heldCallAt(200);
    event(inspections, connection, 201, "container", "exec_die", "other");
    assertThat(answersWithin(call, 200)).as("only the old connection spoke after the call began").isFalse();
    event(inspections, next, 202, "container", "exec_die", "other");
    assertThat(readNumber(call)).isEqualTo(2);
    held.countDown();
  }

  @Test
  void aReadMadeBeforeTheStreamDeliveredAnythingIsNotKept() throws Exception {
    long connection = inspections.connecting();
    clock.set(100);
    inspections.of(List.of("a"));
    event(inspections, connection, 150, "container", "exec_die", "other");
    assertAProvenCallWaitsForTheEngine(connection);
  }

  @Test
  void anEventStampedLaterThanItArrivesTurnsKeepingOffForGood() throws Exception {
    long connection = liveWithAKept();
    clock.set(150);
    inspections.received(connection, 160, "container", "exec_die", "other", Map.of()); // the engine's clock is ahead
    var call = heldCallAt(200);
    event(inspections, connection, 201, "container", "exec_die", "other");
    assertThat(answersWithin(call, 200)).as("no stamp proves anything any more").isFalse();
    held.countDown();
    assertThat(readNumber(call)).isEqualTo(2);
    assertThat(inspections.keptAnswers()).isZero();
  }

  @Test
  void aFailedReadOfAContainerWithNothingKeptIsThrownAsItFailed() {
    inspections.connecting();
    failure = new IllegalStateException("engine refused");
    assertThatThrownBy(() -> inspections.of(List.of("a"))).isInstanceOf(IllegalStateException.class).hasMessage("engine refused");
  }

  @Test
  void whatAnEventChanges() {
    assertThat(FollowedInspections.changedBy("container", "exec_create: wget -q --spider http://localhost/", "a", Map.of())).isEmpty();
    assertThat(FollowedInspections.changedBy("container", "exec_die", "a", Map.of())).isEmpty();
    assertThat(FollowedInspections.changedBy("container", "update", "a", Map.of())).contains("a");
    assertThat(FollowedInspections.changedBy("container", "health_status: unhealthy", "a", Map.of())).contains("a");
    assertThat(FollowedInspections.changedBy("container", "die", "a", Map.of("exitCode", "1"))).contains("a");
    assertThat(FollowedInspections.changedBy("network", "connect", "net", Map.of("container", "b"))).contains("b");
    assertThat(FollowedInspections.changedBy("network", "create", "net", Map.of())).isEmpty();
    assertThat(FollowedInspections.changedBy("image", "tag", "sha256:1", Map.of())).isEmpty();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
