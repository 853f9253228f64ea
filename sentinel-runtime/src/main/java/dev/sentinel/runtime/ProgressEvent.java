package dev.sentinel.runtime;

import java.util.Optional;

/**
 * What a target is doing, as it does it. A CLI draws progress lines from these; tests can record
 * them.
 *
 * <pre>{@code
 * target.apply(spec, ApplyOptions.defaults().withListener(event -> log.info("{}", event)));
 * }</pre>
 */
public sealed interface ProgressEvent {
  /** The service the event is about, if any. */
  Optional<String> service();

  /** The plan was computed. */
  record Planned(Plan plan) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.empty();
    }
  }

  /** An image is being built; {@code line} is one line of the build's output. */
  record Building(String serviceName, String image, String line) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A missing image is being pulled. */
  record Pulling(String serviceName, String image) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A network, volume or container is being created. */
  record Creating(Optional<String> service, String object) implements ProgressEvent {}

  /** A container is being started. */
  record Starting(String serviceName, String container) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A container was started (and may already be writing logs). */
  record Started(String serviceName, String container) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A service waits for a dependency to reach a condition. */
  record Waiting(String serviceName, String dependency, String condition) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A service reached its ready state: healthy, running, or completed. */
  record Ready(String serviceName, String state) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A service failed; its dependents are not started. */
  record Failed(String serviceName, String reason) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /**
   * The engine accepted a request with a warning, e.g. that the kernel cannot apply a limit and the
   * engine dropped it ({@code Your kernel does not support Block I/O weight ... Weight discarded.}).
   */
  record EngineWarning(String serviceName, String container, String warning) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A service starts without an optional dependency ({@code required: false}) that failed or is not part of the run. */
  record StartingWithout(String serviceName, String dependency, String reason) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /**
   * A service whose recreated containers did not become ready went back to the containers it had
   * before; {@code outcome} says how they are now, e.g. {@code healthy again} or {@code restored,
   * but did not become healthy within 120s}.
   */
  record RolledBack(String serviceName, String outcome) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.of(serviceName);
    }
  }

  /** A network, volume or container was removed. */
  record Removed(Optional<String> service, String object) implements ProgressEvent {}
}
