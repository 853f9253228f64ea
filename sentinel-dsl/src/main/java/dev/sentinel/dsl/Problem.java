package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One thing wrong with a stack definition, at a path in Compose's terms.
 *
 * <pre>{@code
 * services.api.mem_limit: "12XB" is not a size (examples: 512m, 1g, 1.5GiB, 1048576)
 * }</pre>
 *
 * @param path where, e.g. {@code services.api.healthcheck.interval}
 * @param message what is wrong, and where useful how to fix it
 */
public record Problem(String path, String message) implements Comparable<Problem> {
  public Problem {
    checkNotNull(path, "path");
    checkNotNull(message, "message");
  }

  @Override
  public int compareTo(Problem other) {
    int byPath = path.compareTo(other.path);
    return byPath != 0 ? byPath : message.compareTo(other.message);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
