package dev.sentinel.compose;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Something a Compose import found: an error that stops it, or a warning about what it changed or
 * dropped (lenient mode, unset variables, ignored extension fields). Each names the file, the line
 * and the Compose path.
 *
 * <pre>{@code
 * docker-compose.yml:14: services.web.blkio_config: not supported by Sentinel's model
 * }</pre>
 *
 * @param level whether the import stopped
 * @param file the file as it was given (or the {@code .env} file)
 * @param line the 1-based line, 0 when the note concerns the whole file
 * @param path the Compose path, e.g. {@code services.web.ports[1]}; empty for the file itself
 * @param message what is wrong or what was done
 */
public record ImportNote(Level level, String file, int line, String path, String message) {
  /** How serious a note is. */
  public enum Level {
    /** The import cannot go on. */
    ERROR,
    /** The import went on, and changed or dropped something the file said. */
    WARNING
  }

  public ImportNote {
    checkNotNull(level, "level");
    checkNotNull(file, "file");
    checkNotNull(path, "path");
    checkNotNull(message, "message");
  }

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
