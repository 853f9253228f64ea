package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

  @Test
  void answersAreKeptInTheOrderOfTheKeysWhateverOrderTheyArriveIn() {
    List<Integer> keys = IntStream.rangeClosed(1, 20).boxed().toList();
    Map<Integer, String> found = Concurrently.each(keys, k -> {
      sleep(20 - k); // the last key answers first
      return Optional.of("v" + k);
    });
    assertThat(found.keySet()).containsExactlyElementsOf(keys);
    assertThat(found.get(7)).isEqualTo("v7");
  }

  @Test
  void eachDistinctKeyIsCalledOnceAndEmptyAnswersAreLeftOut() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Map<String, String> found = Concurrently.each(List.of("a", "b", "a", "gone", "b"), k -> {
      calls.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
      return k.equals("gone") ? Optional.empty() : Optional.of(k.toUpperCase());
    });
    assertThat(found).containsExactly(Map.entry("a", "A"), Map.entry("b", "B"));
    assertThat(calls).containsOnlyKeys("a", "b", "gone").allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void callsRunAtTheSameTime() throws Exception {
    // Four calls that each wait for all four to have started: they finish only when run concurrently.
    CountDownLatch started = new CountDownLatch(4);
    Map<Integer, Boolean> found = Concurrently.each(List.of(1, 2, 3, 4), k -> {
      started.countDown();
      try {
        return Optional.of(started.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(found.values()).containsOnly(true).hasSize(4);
  }

  @Test
  void aFailureIsThrownAsTheCallThrewIt() {
    IllegalArgumentException failure = new IllegalArgumentException("engine said no");
    assertThatThrownBy(() -> Concurrently.each(Set.of(1, 2, 3), k -> {
      if (k == 2) {
        throw failure;
      }
      return Optional.of(k);
    })).isSameAs(failure);
  }

  @Test
  void startedCallsRunWhileTheCallerGoesOnAndTheirResultsWait() throws Exception {
    // Each of two started reads waits for the other and for the caller: neither could finish if
    // they ran one after another, or only when asked for their result.
    CountDownLatch all = new CountDownLatch(3);
    java.util.function.Supplier<Boolean> first = Concurrently.started(() -> awaited(all));
    java.util.function.Supplier<Boolean> second = Concurrently.started(() -> awaited(all));
    assertThat(awaited(all)).isTrue();
    assertThat(first.get()).isTrue();
    assertThat(second.get()).isTrue();
  }

  @Test
  void aStartedCallsFailureIsThrownByItsResultAsTheCallThrewIt() {
    IllegalStateException failure = new IllegalStateException("no such network");
    java.util.function.Supplier<String> read = Concurrently.started(() -> {
      throw failure;
    });
    assertThatThrownBy(read::get).isSameAs(failure);
  }

  private static boolean awaited(CountDownLatch latch) {
    latch.countDown();
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
