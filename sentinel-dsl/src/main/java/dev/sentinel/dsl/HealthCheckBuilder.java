package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configures a {@link HealthCheck}. In an environment overlay it starts from the base's check, so
 * {@code h -> h.every(Duration.ofSeconds(5))} changes only the interval.
 *
 * <pre>{@code
 * svc.healthCheck(h -> h.httpGet(8080, "/health").every("10s").timeout("2s").retries(3).startPeriod("30s"));
 * }</pre>
 */
public final class HealthCheckBuilder {
  private final Problems problems;
  private final String path;
  private HealthCheck.Test test;
  private Optional<Duration> interval;
  private Optional<Duration> timeout;
  private Optional<Integer> retries;
  private Optional<Duration> startPeriod;
  private Optional<Duration> startInterval;

  HealthCheckBuilder(Optional<HealthCheck> from, Problems problems, String path) {
    this.problems = problems;
    this.path = path;
    this.test = from.map(HealthCheck::test).orElse(null);
    this.interval = from.flatMap(HealthCheck::interval);
    this.timeout = from.flatMap(HealthCheck::timeout);
    this.retries = from.flatMap(HealthCheck::retries);
    this.startPeriod = from.flatMap(HealthCheck::startPeriod);
    this.startInterval = from.flatMap(HealthCheck::startInterval);
  }

  /** Runs {@code program} with {@code args}, without a shell; healthy when it exits 0. */
  public HealthCheckBuilder command(String program, String... args) {
    checkNotNull(program, "program");
    this.test = new HealthCheck.Test.Exec(concat(program, args));
    return this;
  }

  /** Runs {@code commandLine} with the container's {@code /bin/sh -c}; healthy when it exits 0. */
  public HealthCheckBuilder shell(String commandLine) {
    this.test = new HealthCheck.Test.Shell(checkNotNull(commandLine, "commandLine"));
    return this;
  }

  /**
   * Healthy when {@code GET http://127.0.0.1:<port><path>} answers 2xx. Runs the image's {@code
   * wget} (busybox and Debian both have it).
   */
  public HealthCheckBuilder httpGet(int port, String path) {
    checkNotNull(path, "path");
    String slash = path.startsWith("/") ? path : "/" + path;
    this.test = new HealthCheck.Test.Exec(List.of("wget", "-q", "--spider", "http://127.0.0.1:" + port + slash));
    return this;
  }

  /** Healthy when something accepts TCP connections on {@code port}; runs the image's {@code nc}. */
  public HealthCheckBuilder tcpPort(int port) {
    this.test = new HealthCheck.Test.Exec(List.of("nc", "-z", "127.0.0.1", Integer.toString(port)));
    return this;
  }

  /** Switches the check off, including the one the image declares. */
  public HealthCheckBuilder disable() {
    this.test = HealthCheck.Test.Disabled.INSTANCE;
    return this;
  }

  /** How often the check runs. */
  public HealthCheckBuilder every(Duration interval) {
    this.interval = Optional.of(positive(interval, "interval"));
    return this;
  }

  /** How often the check runs, e.g. {@code "10s"}. */
  public HealthCheckBuilder every(String interval) {
    problems.parse(path + ".interval", interval, Durations::parse).ifPresent(this::every);
    return this;
  }

  /** How long one run may take before it counts as failed. */
  public HealthCheckBuilder timeout(Duration timeout) {
    this.timeout = Optional.of(positive(timeout, "timeout"));
    return this;
  }

  /** How long one run may take, e.g. {@code "3s"}. */
  public HealthCheckBuilder timeout(String timeout) {
    problems.parse(path + ".timeout", timeout, Durations::parse).ifPresent(this::timeout);
    return this;
  }

  /** How many failures in a row make the container unhealthy. */
  public HealthCheckBuilder retries(int retries) {
    if (retries < 1) {
      problems.add(path + ".retries", "retries must be at least 1, got " + retries);
    } else {
      this.retries = Optional.of(retries);
    }
    return this;
  }

  /** A grace period after start during which failures do not count. */
  public HealthCheckBuilder startPeriod(Duration startPeriod) {
    this.startPeriod = Optional.of(checkNotNull(startPeriod, "startPeriod"));
    return this;
  }

  /**
   * The time between checks during the start period, e.g. {@code "1s"} (Compose's {@code
   * start_interval}): a quick first verdict without probing often later. Engines before 25 (API 1.44)
   * ignore it.
   */
  public HealthCheckBuilder startInterval(String startInterval) {
    problems.parse(path + ".start_interval", startInterval, Durations::parse).ifPresent(d -> this.startInterval = Optional.of(d));
    return this;
  }

  /** The start grace period, e.g. {@code "30s"}. */
  public HealthCheckBuilder startPeriod(String startPeriod) {
    problems.parse(path + ".start_period", startPeriod, Durations::parse).ifPresent(this::startPeriod);
    return this;
  }

  private Duration positive(Duration d, String field) {
    checkNotNull(d, field);
    if (d.isNegative() || d.isZero()) {
      problems.add(path + "." + field, field + " must be more than zero, got " + Durations.format(d.abs()));
    }
    return d;
  }

  Optional<HealthCheck> build() {
    if (test == null) {
      problems.add(path + ".test", "a health check needs a test: command(...), shell(...), httpGet(...) or disable()");
      return Optional.empty();
    }
    return Optional.of(new HealthCheck(test, interval, timeout, retries, startPeriod, startInterval));
  }

  private static List<String> concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return List.of(all);
  }
}
