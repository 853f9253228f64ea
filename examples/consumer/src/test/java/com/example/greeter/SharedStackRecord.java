package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sentinel.testcontainers.SentinelStackContainer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Whichever of the two extension classes runs second checks that it got the first one's stack. */
final class SharedStackRecord {
  private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private SharedStackRecord() {}

  static void saw(String testClass, SentinelStackContainer stack) {
    String identity = stack.getStackName() + " " + stack.service("api").getContainerId();
    SEEN.put(testClass, identity);
    SEEN.values().forEach(other -> assertEquals(other, identity, "every class with @SentinelStack(GreeterStack.class) shares one stack"));
  }
}
