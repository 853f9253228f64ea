package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When a service counts as ready, beyond its health check: {@code up} (and a test's stack start)
 * waits for the health check first, then for every readiness condition of every replica, polled
 * every 100 ms until met, impossible or out of time (default: the apply's service timeout). A
 * failure is the service's failure: it names the condition, what it saw last and the container's
 * last log lines, and a recreated service goes back to its previous containers. Readiness is not
 * part of the container's configuration: changing it recreates nothing. Compose has no such
 * attribute; export writes it as {@code x-sentinel-readiness}.
 *
 * <pre>{@code
 * stack.service("api", svc -> svc.readiness(Readiness.http(8080, "/health").status(200).bodyContains("UP")));
 * stack.service("worker", svc -> svc.readiness(Readiness.anyOf(Readiness.logLine("ready to consume"),
 *     Readiness.command("test", "-f", "/tmp/ready"))));
 * stack.service("migrate", svc -> svc.readiness(Readiness.completed().within(Duration.ofMinutes(2))));
 * }</pre>
 *
 * <p>HTTP and TCP conditions connect to the container port where it is published on the engine's
 * host (the host of {@code DOCKER_HOST}, or loopback for a local engine), and otherwise to the
 * container's address on one of its networks, which only a local Linux engine routes to.
 */
public sealed interface Readiness {
  /** How long this strategy may take; empty for the container's startup timeout. */
  Optional<Duration> timeout();

  /** This strategy with its own timeout. */
  Readiness within(Duration timeout);

  /** A line of text saying what this strategy waits for, used in failures. */
  String describe();

  /** An HTTP GET of {@code path} on the service's published {@code port} answers 2xx (see {@link Http#status}). */
  static Http http(int port, String path) {
    return new Http(port, path, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A TCP connection to the service's published {@code port} is accepted. */
  static Tcp tcp(int port) {
    return new Tcp(port, Optional.empty());
  }

  /** The container's log has a line matching {@code regex} (found anywhere in the line). */
  static LogLine logLine(String regex) {
    return logLine(regex, 1);
  }

  /** The container's log has {@code times} lines matching {@code regex}. */
  static LogLine logLine(String regex, int times) {
    return new LogLine(regex, times, Optional.empty());
  }

  /** {@code command} run in the container exits with 0. */
  static Command command(String... command) {
    return new Command(ImmutableList.copyOf(command), Optional.empty());
  }

  /** The container has exited with code 0 (a one-shot service); another exit code fails at once. */
  static Completed completed() {
    return new Completed(Optional.empty());
  }

  /** Every one of {@code strategies}. */
  static AllOf allOf(Readiness... strategies) {
    return new AllOf(ImmutableList.copyOf(strategies), Optional.empty());
  }

  /** Any one of {@code strategies}: the first to be ready wins. */
  static AnyOf anyOf(Readiness... strategies) {
    return new AnyOf(ImmutableList.copyOf(strategies), Optional.empty());
  }

  /** See {@link Readiness#http}. */
  record Http(int port, String path, Optional<Integer> status, Optional<String> bodyContains, Optional<Duration> timeout) implements Readiness {
    public Http {
      checkNotNull(path, "path");
      checkNotNull(status, "status");
      checkNotNull(bodyContains, "bodyContains");
      checkNotNull(timeout, "timeout");
      checkArgument(port > 0 && port < 65536, "port %s is out of range", port);
      checkArgument(path.startsWith("/"), "path \"%s\" must start with /", path);
    }

    /** Exactly this status instead of any 2xx. */
    public Http status(int expected) {
      checkArgument(expected >= 100 && expected <= 599, "HTTP status %s is out of range", expected);
      return new Http(port, path, Optional.of(expected), bodyContains, timeout);
    }

    /** The body must also contain {@code text}. */
    public Http bodyContains(String text) {
      return new Http(port, path, status, Optional.of(checkNotNull(text, "text")), timeout);
    }

    @Override
    public Http within(Duration limit) {
      return new Http(port, path, status, bodyContains, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "http GET :" + port + path + " answering " + status.map(String::valueOf).orElse("2xx")
          + bodyContains.map(b -> " with \"" + b + "\" in the body").orElse("");
    }
  }

  /** See {@link Readiness#tcp}. */
  record Tcp(int port, Optional<Duration> timeout) implements Readiness {
    public Tcp {
      checkArgument(port > 0 && port < 65536, "port %s is out of range", port);
    }

    @Override
    public Tcp within(Duration limit) {
      return new Tcp(port, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "tcp port " + port + " accepting connections";
    }
  }

  /** See {@link Readiness#logLine}; {@code regex} is kept as text, so equal conditions are equal records. */
  record LogLine(String regex, int times, Optional<Duration> timeout) implements Readiness {
    public LogLine {
      checkNotNull(regex, "regex");
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("the log line pattern /" + regex + "/ is not a regular expression: " + e.getDescription(), e);
      }
      checkArgument(times >= 1, "times must be at least 1, not %s", times);
    }

    /** The compiled {@link #regex}. */
    public Pattern pattern() {
      return Pattern.compile(regex);
    }

    @Override
    public LogLine within(Duration limit) {
      return new LogLine(regex, times, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return (times == 1 ? "a log line" : times + " log lines") + " matching /" + regex + "/";
    }
  }

  /** See {@link Readiness#command}. */
  record Command(List<String> command, Optional<Duration> timeout) implements Readiness {
    public Command {
      command = ImmutableList.copyOf(command);
      checkArgument(!command.isEmpty(), "the readiness command is empty");
    }

    @Override
    public Command within(Duration limit) {
      return new Command(command, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "command " + command + " exiting with 0";
    }
  }

  /** See {@link Readiness#completed}. */
  record Completed(Optional<Duration> timeout) implements Readiness {
    @Override
    public Completed within(Duration limit) {
      return new Completed(Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "exit with code 0";
    }
  }

  /** See {@link Readiness#allOf}. */
  record AllOf(List<Readiness> strategies, Optional<Duration> timeout) implements Readiness {
    public AllOf {
      strategies = ImmutableList.copyOf(strategies);
      checkArgument(!strategies.isEmpty(), "allOf needs at least one strategy");
    }

    @Override
    public AllOf within(Duration limit) {
      return new AllOf(strategies, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "all of (" + String.join("; ", strategies.stream().map(Readiness::describe).toList()) + ")";
    }
  }

  /** See {@link Readiness#anyOf}. */
  record AnyOf(List<Readiness> strategies, Optional<Duration> timeout) implements Readiness {
    public AnyOf {
      strategies = ImmutableList.copyOf(strategies);
      checkArgument(!strategies.isEmpty(), "anyOf needs at least one strategy");
    }

    @Override
    public AnyOf within(Duration limit) {
      return new AnyOf(strategies, Optional.of(positive(limit)));
    }

    @Override
    public String describe() {
      return "any of (" + String.join("; ", strategies.stream().map(Readiness::describe).toList()) + ")";
    }
  }

  private static Duration positive(Duration limit) {
    checkArgument(!limit.isNegative() && !limit.isZero(), "a readiness timeout must be positive, not %s", limit);
    return limit;
  }
}
