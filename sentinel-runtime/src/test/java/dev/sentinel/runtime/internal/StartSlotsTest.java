package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartSlotsTest {
  private final List<String> order = new CopyOnWriteArrayList<>();

  /** A thread that takes a slot for {@code chain}, notes {@code name}, and holds it until {@code release} opens. */
  private Thread taker(StartSlots slots, String name, int chain, CountDownLatch release) {
    Thread t = new Thread(() -> {
      try (StartSlots.Slot slot = slots.take(chain)) {
        order.add(name);
        release.await();
      } catch (InterruptedException e) {
        order.add(name + " interrupted");
      }
    }, name);
    t.start();
    return t;
  }

  /** Waits until {@code t} is blocked in {@code take} (or has finished). */
  private static void untilWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && t.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void aFreedSlotGoesToTheLongestChainWaitingNotToTheFirstThatAsked() throws Exception {
    StartSlots slots = new StartSlots(1);
    StartSlots.Slot held = slots.take(0);
    CountDownLatch open = new CountDownLatch(1);
    open.countDown();
    Thread logger = taker(slots, "logger", 0, open);
    untilWaiting(logger);
    Thread db = taker(slots, "db", 3, open);
    untilWaiting(db);
    Thread api = taker(slots, "api", 2, open);
    untilWaiting(api);
    Thread metrics = taker(slots, "metrics", 0, open);
    untilWaiting(metrics);

    held.close();
    for (Thread t : List.of(logger, db, api, metrics)) {
      t.join(10_000);
    }

    assertThat(order).containsExactly("db", "api", "logger", "metrics");
  }

  @Test
  void noMoreThanTheSlotsAreHeldAtOnceAndClosingASlotTwiceFreesItOnce() throws Exception {
    StartSlots slots = new StartSlots(2);
    StartSlots.Slot first = slots.take(0);
    StartSlots.Slot second = slots.take(0);
    CountDownLatch holdThird = new CountDownLatch(1);
    Thread third = taker(slots, "third", 0, holdThird);
    Thread fourth = taker(slots, "fourth", 0, new CountDownLatch(0));
    untilWaiting(third);
    untilWaiting(fourth);
    assertThat(order).isEmpty();

    first.close();
    first.close();
    third.join(200); // third holds its slot until holdThird opens: fourth must still wait
    untilWaiting(fourth);

    assertThat(order).containsExactly("third");
    assertThat(fourth.getState()).isEqualTo(Thread.State.WAITING);
    second.close();
    fourth.join(10_000);
    holdThird.countDown();
    third.join(10_000);
    assertThat(order).containsExactly("third", "fourth");
  }

  @Test
  void anInterruptedWaiterLeavesTheLineAndTheNextGetsTheSlot() throws Exception {
    StartSlots slots = new StartSlots(1);
    StartSlots.Slot held = slots.take(0);
    CountDownLatch open = new CountDownLatch(0);
    Thread first = taker(slots, "first", 5, open);
    untilWaiting(first);
    Thread second = taker(slots, "second", 1, open);
    untilWaiting(second);

    first.interrupt();
    first.join(10_000);
    held.close();
    second.join(10_000);

    assertThat(order).containsExactly("first interrupted", "second");
  }

  @Test
  void noSlotsIsRefused() {
    assertThatThrownBy(() -> new StartSlots(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slots must be at least 1, got 0");
  }
}
