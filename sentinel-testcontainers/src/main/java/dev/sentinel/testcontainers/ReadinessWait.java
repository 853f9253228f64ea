package dev.sentinel.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Polls a {@link Readiness} against one container until it is ready, can never be, or runs out of time. */
final class ReadinessWait {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int LOG_LINES_SHOWN = 20;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private ReadinessWait() {}

  private enum State { READY, WAITING, FAILED }

  private record Outcome(State state, String seen) {
    static final Outcome READY = new Outcome(State.READY, "ready");
  }

  /** A strategy being polled: it remembers its own deadline. */
  private interface Probe {
    Outcome check() throws InterruptedException;
  }

  /**
   * Waits for {@code readiness} on {@code container}.
   *
   * @throws IllegalStateException naming the service, the strategy, what it saw last and the container's last log lines
   */
  static void await(ServiceContainer container, Readiness readiness, Duration defaultTimeout) throws InterruptedException {
    long deadline = System.nanoTime() + readiness.timeout().orElse(defaultTimeout).toNanos();
    Probe probe = probe(container, readiness, deadline);
    Outcome last;
    while (true) {
      last = probe.check();
      if (last.state() != State.WAITING || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    if (last.state() == State.READY) {
      return;
    }
    List<String> logs = container.getLogs();
    String tail = String.join("\n  ", logs.subList(Math.max(0, logs.size() - LOG_LINES_SHOWN), logs.size()));
    throw new IllegalStateException("service \"" + container.service() + "\" (" + container.getContainerName() + ") was not ready: "
        + readiness.describe() + (last.state() == State.FAILED ? "" : ", timed out after " + readiness.timeout().orElse(defaultTimeout))
        + "\n  last seen: " + last.seen() + "\n  last log lines:\n  " + (tail.isEmpty() ? "(none)" : tail));
  }

  private static Probe probe(ServiceContainer c, Readiness r, long parentDeadline) {
    long deadline = r.timeout().map(t -> Math.min(parentDeadline, System.nanoTime() + t.toNanos())).orElse(parentDeadline);
    Probe inner;
    if (r instanceof Readiness.Http http) {
      inner = () -> http(c, http);
    } else if (r instanceof Readiness.Tcp tcp) {
      inner = () -> tcp(c, tcp);
    } else if (r instanceof Readiness.LogLine log) {
      inner = () -> log(c, log);
    } else if (r instanceof Readiness.Command command) {
      inner = () -> command(c, command);
    } else if (r instanceof Readiness.Completed) {
      inner = () -> completed(c);
    } else if (r instanceof Readiness.AllOf all) {
      inner = allOf(all.strategies().stream().map(s -> probe(c, s, deadline)).toList());
    } else {
      inner = anyOf(((Readiness.AnyOf) r).strategies().stream().map(s -> probe(c, s, deadline)).toList());
    }
    return () -> {
      Outcome o = inner.check();
      if (o.state() == State.WAITING && System.nanoTime() > deadline && r.timeout().isPresent()) {
        return new Outcome(State.FAILED, r.describe() + " timed out after " + r.timeout().get() + " (" + o.seen() + ")");
      }
      return o;
    };
  }

  private static Probe allOf(List<Probe> probes) {
    List<Probe> pending = new ArrayList<>(probes);
    return () -> {
      List<String> waiting = new ArrayList<>();
      for (Probe p : new ArrayList<>(pending)) {
        Outcome o = p.check();
        switch (o.state()) {
          case READY -> pending.remove(p);
          case FAILED -> {
            return o;
          }
          case WAITING -> waiting.add(o.seen());
        }
      }
      return pending.isEmpty() ? Outcome.READY : new Outcome(State.WAITING, String.join("; ", waiting));
    };
  }

  private static Probe anyOf(List<Probe> probes) {
    List<Probe> alive = new ArrayList<>(probes);
    List<String> failed = new ArrayList<>();
    return () -> {
      List<String> waiting = new ArrayList<>();
      for (Probe p : new ArrayList<>(alive)) {
        Outcome o = p.check();
        switch (o.state()) {
          case READY -> {
            return Outcome.READY;
          }
          case FAILED -> {
            alive.remove(p);
            failed.add(o.seen());
          }
          case WAITING -> waiting.add(o.seen());
        }
      }
      List<String> all = new ArrayList<>(failed);
      all.addAll(waiting);
      return new Outcome(alive.isEmpty() ? State.FAILED : State.WAITING, String.join("; ", all));
    };
  }

  private static Outcome http(ServiceContainer c, Readiness.Http http) throws InterruptedException {
    URI uri = URI.create("http://" + c.getHost() + ":" + c.getMappedPort(http.port()) + http.path());
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      boolean statusOk = http.status().map(s -> s == response.statusCode()).orElse(response.statusCode() / 100 == 2);
      boolean bodyOk = http.bodyContains().map(response.body()::contains).orElse(true);
      return statusOk && bodyOk ? Outcome.READY
          : new Outcome(State.WAITING, "GET " + uri + " answered " + response.statusCode() + " \"" + abbreviate(response.body()) + "\"");
    } catch (IOException e) {
      return new Outcome(State.WAITING, "GET " + uri + ": " + e);
    }
  }

  private static Outcome tcp(ServiceContainer c, Readiness.Tcp tcp) {
    String host = c.getHost();
    int port = c.getMappedPort(tcp.port());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return Outcome.READY;
    } catch (IOException e) {
      return new Outcome(State.WAITING, "connecting to " + host + ":" + port + ": " + e.getMessage());
    }
  }

  private static Outcome log(ServiceContainer c, Readiness.LogLine log) {
    long matching = c.getLogs().stream().filter(l -> log.pattern().matcher(l).find()).count();
    return matching >= log.times() ? Outcome.READY
        : new Outcome(State.WAITING, matching + " of " + log.times() + " log lines matching /" + log.pattern() + "/");
  }

  private static Outcome command(ServiceContainer c, Readiness.Command command) throws InterruptedException {
    ExecResult result = c.execInContainer(command.command().toArray(String[]::new));
    return result.exitCode() == 0 ? Outcome.READY
        : new Outcome(State.WAITING, command.command() + " exited with " + result.exitCode() + ": \""
            + abbreviate((result.stderr() + result.stdout()).strip()) + "\"");
  }

  private static Outcome completed(ServiceContainer c) {
    InspectContainerResponse.ContainerState state = c.inspectState();
    if (Boolean.TRUE.equals(state.getRunning())) {
      return new Outcome(State.WAITING, "still running");
    }
    Long code = state.getExitCodeLong();
    return code != null && code == 0 ? Outcome.READY : new Outcome(State.FAILED, "exited with code " + code);
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
