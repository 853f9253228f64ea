package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A resource limit for a container's processes, e.g. {@code nofile}.
 *
 * @param soft the soft limit
 * @param hard the hard limit, at least {@code soft}
 */
public record Ulimit(long soft, long hard) {
  public Ulimit {
    checkArgument(soft >= 0 && hard >= soft, "ulimit soft %s / hard %s is not valid", soft, hard);
  }
}
