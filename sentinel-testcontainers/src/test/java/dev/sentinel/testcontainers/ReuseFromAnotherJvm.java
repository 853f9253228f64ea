package dev.sentinel.testcontainers;

/**
 * Run by {@link ReuseIT} in a JVM of its own: starts the reusable web stack labelled with the run
 * id in {@code args[0]}, prints its name, and exits without removing it, as a finished test run does.
 */
public final class ReuseFromAnotherJvm {
  private ReuseFromAnotherJvm() {}

  public static void main(String[] args) {
    try (SentinelStackContainer stack = ReuseIT.reusable(args[0])) {
      stack.start();
      System.out.println("stack=" + stack.getStackName());
    }
  }
}
