package dev.sentinel.backup;

/**
 * A backup archive failed verification: damaged, tampered with, or hostile. The message names the
 * entry and why, e.g. {@code entry volumes/db/../../etc/passwd is refused: its path has a '..' segment}.
 * Nothing was restored.
 */
public final class ArchiveRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ArchiveRejectedException(String message) {
    super(message);
  }

  public ArchiveRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
