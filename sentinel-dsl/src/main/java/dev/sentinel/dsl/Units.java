package dev.sentinel.dsl;

import java.time.Duration;

/**
 * Typed units for static import, so definitions read as they would in a Compose file.
 *
 * <pre>{@code
 * import static dev.sentinel.dsl.Units.*;
 *
 * svc.memoryLimit(mebibytes(512)).cpuLimit(cpus(0.5))
 *    .healthCheck(h -> h.httpGet(8080, "/health").every(seconds(10)).timeout(seconds(2)));
 * }</pre>
 */
public final class Units {
  private Units() {}

  public static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }

  public static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  public static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  public static Size kibibytes(long kibibytes) {
    return Size.kibibytes(kibibytes);
  }

  public static Size mebibytes(long mebibytes) {
    return Size.mebibytes(mebibytes);
  }

  public static Size gibibytes(long gibibytes) {
    return Size.gibibytes(gibibytes);
  }

  public static Cpus cpus(double cpus) {
    return Cpus.of(cpus);
  }
}
