package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Which archives of a stack to keep: the newest of each of the last {@code daily} days and the
 * newest of each of the last {@code monthly} months (the seed's daily + monthly backups). The
 * newest verified archive is always kept.
 *
 * <pre>{@code
 * RetentionPolicy.dailyAndMonthly(7, 12);
 * }</pre>
 */
public record RetentionPolicy(int daily, int monthly) {
  public RetentionPolicy {
    checkArgument(daily >= 0 && monthly >= 0, "retention counts cannot be negative: %s daily, %s monthly", daily, monthly);
  }

  public static RetentionPolicy dailyAndMonthly(int daily, int monthly) {
    return new RetentionPolicy(daily, monthly);
  }
}
