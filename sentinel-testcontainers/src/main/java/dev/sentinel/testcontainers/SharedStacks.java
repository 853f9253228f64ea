package dev.sentinel.testcontainers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The JVM's shared stacks, one per definition key: started by the first caller, stopped by one
 * shutdown hook when the JVM exits, newest first.
 */
final class SharedStacks {
  private static final Map<String, SentinelStackContainer> STACKS = new LinkedHashMap<>();
  private static boolean hookInstalled;

  private SharedStacks() {}

  /**
   * The started stack for {@code key}; created and started under the registry's lock, so two test
   * classes starting in parallel share one start instead of racing two.
   */
  static synchronized SentinelStackContainer get(String key, Supplier<SentinelStackContainer> create, Consumer<SentinelStackContainer> stop) {
    SentinelStackContainer existing = STACKS.get(key);
    if (existing != null) {
      return existing;
    }
    SentinelStackContainer stack = create.get();
    stack.start();
    STACKS.put(key, stack);
    if (!hookInstalled) {
      hookInstalled = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(stop), "sentinel-shared-stacks"));
    }
    return stack;
  }

  private static void stopAll(Consumer<SentinelStackContainer> stop) {
    List<SentinelStackContainer> stacks;
    synchronized (SharedStacks.class) {
      stacks = new ArrayList<>(STACKS.values());
      STACKS.clear();
    }
    for (int i = stacks.size() - 1; i >= 0; i--) {
      try {
        stop.accept(stacks.get(i));
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(SharedStacks.class).warn("stopping a shared stack failed: {}", e.getMessage());
      }
    }
  }
}
