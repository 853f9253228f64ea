package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.sentinel.dsl.Readiness;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polls a service's {@link Readiness} conditions against one container until they are met, can
 * never be, or run out of time. Log conditions follow the container's log stream; HTTP and TCP
 * conditions reach the container through {@link ContainerAddresses}.
 */
public final class ReadinessWait implements Closeable {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final DockerClient docker;
  private final DockerClient streams;
  private final ContainerAddresses addresses;
  private final String containerId;
  private final List<Closeable> followers = new ArrayList<>();

  ReadinessWait(DockerClient docker, DockerClient streams, URI engineAddress, String containerId) {
    this.docker = docker;
    this.streams = streams;
    this.addresses = new ContainerAddresses(docker, engineAddress, containerId);
    this.containerId = containerId;
  }

  private enum State { READY, WAITING, FAILED }

  private record Outcome(State state, String seen) {
    static final Outcome READY = new Outcome(State.READY, "ready");
  }

  /** A condition being polled: it remembers its own deadline. */
  private interface Probe {
    Outcome check() throws InterruptedException;
  }

  /**
   * Waits until every one of {@code conditions} holds in {@code containerId}.
   *
   * @return empty when they hold; otherwise why not
   */
  public static Optional<String> await(DockerClient docker, DockerClient streams, URI engineAddress, String containerId,
      List<Readiness> conditions, Duration defaultTimeout) throws InterruptedException {
    try (ReadinessWait wait = new ReadinessWait(docker, streams, engineAddress, containerId)) {
      return wait.await(conditions, defaultTimeout);
    }
  }

  /**
   * Waits until every one of {@code conditions} holds, in order.
   *
   * @return empty when they hold; otherwise why not: the condition, whether it timed out, what it saw last
   */
  Optional<String> await(List<Readiness> conditions, Duration defaultTimeout) throws InterruptedException {
    for (Readiness readiness : conditions) {
      Duration timeout = readiness.timeout().orElse(defaultTimeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      // The condition's own timeout is this loop's deadline: no wrapper reports it a second time.
      Probe probe = probe(readiness, deadline, false);
      Outcome last;
      while (true) {
        last = probe.check();
        if (last.state() != State.WAITING || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
      if (last.state() != State.READY) {
        return Optional.of("was not ready: " + readiness.describe()
            + (last.state() == State.FAILED ? "" : ", timed out after " + timeout.toSeconds() + "s") + "; last seen: " + last.seen());
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    followers.forEach(f -> {
      try {
        f.close();
      } catch (IOException | RuntimeException e) {
        // the stream is gone already
      }
    });
  }

  /** {@code r} as a probe; a {@code nested} one fails once past its own timeout, so an any-of can go on without it. */
  private Probe probe(Readiness r, long parentDeadline, boolean nested) {
    long deadline = r.timeout().map(t -> Math.min(parentDeadline, System.nanoTime() + t.toNanos())).orElse(parentDeadline);
    Probe inner;
    if (r instanceof Readiness.Http http) {
      inner = () -> http(http);
    } else if (r instanceof Readiness.Tcp tcp) {
      inner = () -> tcp(tcp);
    } else if (r instanceof Readiness.LogLine log) {
      LogLineCounter counter = LogLineCounter.follow(streams, containerId, log.pattern());
      followers.add(counter);
      inner = () -> counter.count() >= log.times() ? Outcome.READY
          : new Outcome(State.WAITING, counter.count() + " of " + log.times() + " log lines matching /" + log.regex() + "/");
    } else if (r instanceof Readiness.Command command) {
      inner = () -> command(command);
    } else if (r instanceof Readiness.Completed) {
      inner = this::completed;
    } else if (r instanceof Readiness.AllOf all) {
      inner = allOf(all.strategies().stream().map(s -> probe(s, deadline, true)).toList());
    } else {
      inner = anyOf(((Readiness.AnyOf) r).strategies().stream().map(s -> probe(s, deadline, true)).toList());
    }
    if (!nested) {
      return inner;
    }
    return () -> {
      Outcome o = inner.check();
      if (o.state() == State.WAITING && System.nanoTime() > deadline && r.timeout().isPresent()) {
        return new Outcome(State.FAILED, r.describe() + " timed out after " + r.timeout().get().toSeconds() + "s (" + o.seen() + ")");
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

  private Outcome http(Readiness.Http http) throws InterruptedException {
    Optional<ContainerAddresses.Address> address = addresses.of(http.port());
    if (address.isEmpty()) {
      return new Outcome(State.WAITING, "port " + http.port() + " is neither published nor on a network with an address");
    }
    URI uri = URI.create("http://" + address.get().hostAndPort() + http.path());
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      boolean statusOk = http.status().map(s -> s == response.statusCode()).orElse(response.statusCode() / 100 == 2);
      boolean bodyOk = http.bodyContains().map(response.body()::contains).orElse(true);
      return statusOk && bodyOk ? Outcome.READY
          : new Outcome(State.WAITING, "GET " + uri + " answered " + response.statusCode() + " \"" + abbreviate(response.body().strip()) + "\"");
    } catch (IOException e) {
      return new Outcome(State.WAITING, "GET " + uri + ": " + describe(e));
    }
  }

  private Outcome tcp(Readiness.Tcp tcp) {
    Optional<ContainerAddresses.Address> address = addresses.of(tcp.port());
    if (address.isEmpty()) {
      return new Outcome(State.WAITING, "port " + tcp.port() + " is neither published nor on a network with an address");
    }
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(address.get().socketAddress(), 500);
      return Outcome.READY;
    } catch (IOException e) {
      return new Outcome(State.WAITING, "connecting to " + address.get().hostAndPort() + ": " + describe(e));
    }
  }

  private Outcome command(Readiness.Command command) throws InterruptedException {
    Execs.Result result = Execs.run(docker, containerId, command.command(), Duration.ofSeconds(30));
    return result.exitCode().filter(code -> code == 0).isPresent() ? Outcome.READY
        : new Outcome(State.WAITING, command.command() + " " + result.exitCode().map(code -> "exited with " + code).orElse("did not finish")
            + ": \"" + abbreviate(result.output().strip()) + "\"");
  }

  private Outcome completed() {
    InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
    if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
      return new Outcome(State.WAITING, "still running");
    }
    Long code = state.getExitCodeLong();
    return code != null && code == 0 ? Outcome.READY : new Outcome(State.FAILED, "exited with code " + code);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }
}
