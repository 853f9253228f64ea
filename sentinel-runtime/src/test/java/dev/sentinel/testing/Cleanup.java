package dev.sentinel.testing;

import com.github.dockerjava.api.exception.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every cleanup step even when earlier ones fail, treats "already gone" as done, and then
 * rethrows the first real failure with the others suppressed.
 */
public final class Cleanup {
  private Cleanup() {}

  /** Runs {@code steps} in order. */
  public static void run(Runnable... steps) {
    List<RuntimeException> failures = new ArrayList<>();
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (NotFoundException alreadyGone) {
        // Nothing to remove: the object was never created, or is gone already.
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
