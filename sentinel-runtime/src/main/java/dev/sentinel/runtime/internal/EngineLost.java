package dev.sentinel.runtime.internal;

/**
 * The engine went away during an apply: its event stream ended. What failed meanwhile (a
 * container that "exited before it became healthy" because the engine stopped it) is a symptom,
 * kept as the cause.
 */
public final class EngineLost extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EngineLost(Throwable symptom) {
    super("the engine's event stream ended", symptom);
  }
}
