package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A resource limit for a container's processes, e.g. {@code nofile}. {@value #UNLIMITED} means no
 * limit (as for {@code memlock} in Elasticsearch's setup).
 *
 * @param soft the soft limit, or {@value #UNLIMITED}
 * @param hard the hard limit, at least {@code soft}, or {@value #UNLIMITED}
 */
public record Ulimit(long soft, long hard) {
  /** No limit. */
  public static final long UNLIMITED = -1;

  public Ulimit {
    checkArgument(soft >= UNLIMITED && hard >= UNLIMITED && (hard == UNLIMITED || (soft != UNLIMITED && soft <= hard)),
        "ulimit soft %s / hard %s is not valid (the soft limit cannot exceed the hard one; -1 is unlimited)", soft, hard);
  }
}
