package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A number of CPUs, held exactly in thousandths so that equal specs hash equally.
 *
 * <pre>{@code
 * Cpus.of(0.5);           // half a CPU
 * Cpus.parse("1.25");     // 1,250 millicpus
 * }</pre>
 *
 * @param millis thousandths of a CPU, more than zero
 */
public record Cpus(long millis) implements Comparable<Cpus> {
  public Cpus {
    checkArgument(millis > 0, "a CPU count must be more than zero, got %s millicpus", millis);
  }

  /** {@code cpus} CPUs, rounded to the nearest thousandth. */
  public static Cpus of(double cpus) {
    checkArgument(cpus > 0 && Double.isFinite(cpus), "a CPU count must be more than zero: %s", cpus);
    return new Cpus(Math.round(cpus * 1000));
  }

  /**
   * Parses a decimal CPU count such as {@code 0.5} or {@code 2}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a positive number
   */
  public static Cpus parse(String text) {
    try {
      BigDecimal value = new BigDecimal(text.strip());
      long millis = value.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
      if (millis > 0) {
        return new Cpus(millis);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not a CPU count (a number more than zero, e.g. 0.5 or 2)");
  }

  /** The count as a decimal, e.g. {@code 0.5}. */
  public BigDecimal value() {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros();
  }

  /** The Compose spelling, e.g. {@code 0.5} or {@code 2}. */
  public String toCompose() {
    return value().toPlainString();
  }

  /** Nano-CPUs, as the Docker API takes them. */
  public long nanoCpus() {
    return millis * 1_000_000L;
  }

  @Override
  public int compareTo(Cpus other) {
    return Long.compare(millis, other.millis);
  }

  @Override
  public String toString() {
    return toCompose();
  }
}
