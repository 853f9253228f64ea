package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or storage, in bytes. Units are binary, as Docker reads them: {@code 1k} and
 * {@code 1KiB} are both 1,024 bytes.
 *
 * <pre>{@code
 * Size.parse("512m");     // 536,870,912 bytes
 * Size.parse("1.5GiB");   // 1,610,612,736 bytes
 * Size.mebibytes(256).toCompose();  // "256m"
 * }</pre>
 *
 * @param bytes the size in bytes, zero or more
 */
public record Size(long bytes) implements Comparable<Size> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("k", 1L << 10),
          Map.entry("kb", 1L << 10),
          Map.entry("kib", 1L << 10),
          Map.entry("m", 1L << 20),
          Map.entry("mb", 1L << 20),
          Map.entry("mib", 1L << 20),
          Map.entry("g", 1L << 30),
          Map.entry("gb", 1L << 30),
          Map.entry("gib", 1L << 30),
          Map.entry("t", 1L << 40),
          Map.entry("tb", 1L << 40),
          Map.entry("tib", 1L << 40));

  public Size {
    checkArgument(bytes >= 0, "a size cannot be negative: %s bytes", bytes);
  }

  public static Size bytes(long bytes) {
    return new Size(bytes);
  }

  public static Size kibibytes(long kibibytes) {
    return new Size(Math.multiplyExact(kibibytes, 1L << 10));
  }

  public static Size mebibytes(long mebibytes) {
    return new Size(Math.multiplyExact(mebibytes, 1L << 20));
  }

  public static Size gibibytes(long gibibytes) {
    return new Size(Math.multiplyExact(gibibytes, 1L << 30));
  }

  /**
   * Parses a Compose-style size: a number (fractions allowed) and an optional unit among {@code b,
   * k, kb, kib, m, mb, mib, g, gb, gib, t, tb, tib}, in any case.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a size
   */
  public static Size parse(String text) {
    Matcher m = FORMAT.matcher(text.strip());
    Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a size (examples: 512m, 1g, 1.5GiB, 1048576)");
    }
    try {
      BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
      return new Size(bytes.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + text + "\" is too large a size", e);
    }
  }

  /** The shortest exact Compose spelling: {@code 1g}, {@code 1536m}, {@code 100k} or {@code 1000b}. */
  public String toCompose() {
    if (bytes == 0) {
      return "0";
    }
    for (String unit : new String[] {"g", "m", "k"}) {
      long factor = UNITS.get(unit);
      if (bytes % factor == 0) {
        return bytes / factor + unit;
      }
    }
    return bytes + "b";
  }

  @Override
  public int compareTo(Size other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toCompose();
  }
}
