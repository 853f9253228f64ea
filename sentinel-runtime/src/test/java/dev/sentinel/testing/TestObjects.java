package dev.sentinel.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Names and labels for the Docker objects tests create. Every object carries {@link #LABEL}, which
 * {@code scripts/test.sh} uses to find anything a test left behind.
 */
public final class TestObjects {
  /** The label every test-created container, network and volume carries. */
  public static final String LABEL = "dev.sentinel.test";

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestObjects() {}

  /** A name no other test run uses, e.g. {@code st-net-3fa9c2e1b0}. */
  public static String uniqueName(String kind) {
    byte[] bytes = new byte[5];
    RANDOM.nextBytes(bytes);
    return "st-" + kind + "-" + HexFormat.of().formatHex(bytes);
  }

  /** The labels a test object carries, naming the test that made it. */
  public static Map<String, String> labels(Class<?> test) {
    return Map.of(LABEL, test.getSimpleName());
  }
}
