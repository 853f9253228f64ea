package dev.sentinel.dsl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose (Go) duration strings: {@code 1m30s}, {@code 500ms}, {@code 1h}, {@code 2.5s}.
 *
 * <pre>{@code
 * Duration d = Durations.parse("1m30s");   // PT1M30S
 * Durations.format(Duration.ofMillis(1500)); // "1s500ms"
 * }</pre>
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");
  private static final Map<String, Long> NANOS =
      Map.of(
          "h", 3_600_000_000_000L,
          "m", 60_000_000_000L,
          "s", 1_000_000_000L,
          "ms", 1_000_000L,
          "us", 1_000L,
          "µs", 1_000L,
          "ns", 1L);

  private Durations() {}

  /**
   * Parses a Go duration: one or more number-and-unit parts ({@code h, m, s, ms, us, ns}).
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a duration
   */
  public static Duration parse(String text) {
    String s = text.strip();
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    if (s.isEmpty() || at != s.length()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a duration (examples: 10s, 1m30s, 500ms, 1h)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Formats {@code duration} as Compose reads it, e.g. {@code 1m30s}, {@code 1s500ms}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a duration cannot be negative: " + duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    long nanos = duration.toNanos();
    StringBuilder out = new StringBuilder();
    for (String unit : new String[] {"h", "m", "s", "ms", "us", "ns"}) {
      long per = NANOS.get(unit);
      if (nanos >= per) {
        out.append(nanos / per).append(unit);
        nanos %= per;
      }
    }
    return out.toString();
  }
}
