package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a service's container logs go.
 *
 * <pre>{@code
 * svc.logging("json-file", Map.of("max-size", "10m", "max-file", "3"));
 * }</pre>
 *
 * @param driver the log driver, e.g. {@code json-file}, {@code local}, {@code journald}
 * @param options the driver's options
 */
public record Logging(String driver, Map<String, String> options) {
  public Logging {
    checkNotNull(driver, "driver");
    // Sorted: callers often pass Map.of, whose order changes from one JVM run to the next.
    options = ImmutableMap.copyOf(new TreeMap<>(options));
  }
}
