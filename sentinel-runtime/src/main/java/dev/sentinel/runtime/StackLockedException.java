package dev.sentinel.runtime;

/** Another apply or down of the same stack on the same engine held the lock for too long. */
public final class StackLockedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StackLockedException(String message) {
    super(message);
  }
}
