package dev.sentinel.runtime.internal;

import dev.sentinel.runtime.EngineUnavailableException;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.ProgressListener;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Carries an apply or down through the engine going away: says at which step it stopped
 * answering, waits for it (bounded, with a line every 5 s), then runs the whole operation again,
 * which plans from what the engine holds and so converges from wherever the first run stopped. If
 * the engine does not come back, fails saying that re-running is safe.
 */
public final class EngineOutages {
  private static final int MAX_RESUMES = 3;

  private final URI engine;
  private final Runnable ping;
  private final Duration waitLimit;

  /** @param ping throws when the engine does not answer */
  public EngineOutages(URI engine, Runnable ping, Duration waitLimit) {
    this.engine = engine;
    this.ping = ping;
    this.waitLimit = waitLimit;
  }

  /** The last thing an operation did, for the message that says where the engine was lost. */
  public static final class Steps implements ProgressListener {
    private final ProgressListener delegate;
    private volatile String last = "the start";

    public Steps(ProgressListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void on(ProgressEvent event) {
      // A service failing as the engine goes away is a symptom, not the step it was lost at.
      if (!(event instanceof ProgressEvent.EngineWaiting) && !(event instanceof ProgressEvent.Failed)) {
        last = event.text();
      }
      delegate.on(event);
    }
  }

  /** Runs {@code operation}, again after each engine outage (at most 3 times), telling {@code steps}. */
  public <T> T run(Steps steps, String operation, Supplier<T> attempt) {
    for (int resumes = 0; ; resumes++) {
      try {
        return attempt.get();
      } catch (RuntimeException e) {
        if (resumes >= MAX_RESUMES || !lost(e)) {
          throw e;
        }
        String step = steps.last;
        steps.on(new ProgressEvent.EngineLost(engine.toString(), step, rootMessage(e), waitLimit));
        awaitEngine(steps, step, operation, e);
      }
    }
  }

  /**
   * Whether {@code e} came from the engine going away: an {@link EngineLost}, or the engine not
   * answering within 2 s of the failure (a stopping engine may still answer, with errors, for a
   * moment: an I/O error or a 500 alone proves nothing, and a local file's I/O error is not one).
   */
  private boolean lost(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EngineLost) {
        return true;
      }
    }
    long deadline = System.nanoTime() + PROBE.toNanos();
    do {
      if (!answers()) {
        return true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    } while (System.nanoTime() < deadline);
    return false;
  }

  private static final Duration PROBE = Duration.ofSeconds(2);

  private void awaitEngine(Steps steps, String step, String operation, RuntimeException failure) {
    long start = System.nanoTime();
    long nextNote = 5;
    while (true) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (answers()) {
        steps.on(new ProgressEvent.EngineBack(engine.toString(), waited));
        return;
      }
      if (waited.compareTo(waitLimit) >= 0) {
        throw new EngineUnavailableException(engine, "the Docker engine at " + engine + " stopped answering at \"" + step
            + "\" and did not answer again within " + waitLimit.toSeconds() + "s; what was done so far stays as it is, and running "
            + operation + " again once the engine answers is safe (it plans from what the engine holds)", failure);
      }
      if (waited.toSeconds() >= nextNote) {
        steps.on(new ProgressEvent.EngineWaiting(engine.toString(), waited));
        nextNote += 5;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  private boolean answers() {
    try {
      ping.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EngineLost) {
        return "its event stream ended";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
