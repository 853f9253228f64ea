package dev.sentinel.runtime.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read-only engine calls made several at a time.
 *
 * <p>Why: a plan inspects every container and image of the stack, and one round trip after another
 * adds up (ten containers on a busy engine: over half a second). The engine answers such calls
 * concurrently; a few at a time keeps a large stack from flooding it.
 */
final class Concurrently {
  private static final int AT_ONCE = 8;

  private Concurrently() {}

  /**
   * {@code call} started now on a thread of its own; the supplier returned waits for its result. A
   * failure is thrown by that supplier as {@code call} threw it. For a few reads of different kinds
   * that need not wait for each other (a plan's lists of networks, volumes and containers).
   */
  static <V> Supplier<V> started(Supplier<V> call) {
    FutureTask<V> task = new FutureTask<>(call::get);
    Thread thread = new Thread(task, "sentinel-engine-read");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading from the engine", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    };
  }

  /**
   * {@code call} for each distinct key, by key, in the order given; keys it answers empty for are
   * left out. The first failure is thrown as {@code call} threw it.
   */
  static <K, V> Map<K, V> each(Collection<K> keys, Function<K, Optional<V>> call) {
    Collection<K> distinct = new LinkedHashSet<>(keys);
    Map<K, V> found = new LinkedHashMap<>();
    if (distinct.size() <= 1) {
      distinct.forEach(k -> call.apply(k).ifPresent(v -> found.put(k, v)));
      return found;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, distinct.size()), r -> {
      Thread t = new Thread(r, "sentinel-engine-read");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<K, Future<Optional<V>>> pending = new LinkedHashMap<>();
      distinct.forEach(k -> pending.put(k, pool.submit(() -> call.apply(k))));
      for (Map.Entry<K, Future<Optional<V>>> e : pending.entrySet()) {
        e.getValue().get().ifPresent(v -> found.put(e.getKey(), v));
      }
      return found;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading from the engine", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
