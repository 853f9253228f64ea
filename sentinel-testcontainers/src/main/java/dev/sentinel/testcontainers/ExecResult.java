package dev.sentinel.testcontainers;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What a command run in a service's container returned.
 *
 * @param exitCode its exit code
 * @param stdout what it wrote to standard output
 * @param stderr what it wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public ExecResult {
    checkNotNull(stdout, "stdout");
    checkNotNull(stderr, "stderr");
  }
}
