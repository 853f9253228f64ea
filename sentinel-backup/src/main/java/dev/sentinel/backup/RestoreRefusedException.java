package dev.sentinel.backup;

/** A restore was refused before anything was written, e.g. a target volume is not empty. */
public final class RestoreRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RestoreRefusedException(String message) {
    super(message);
  }
}
