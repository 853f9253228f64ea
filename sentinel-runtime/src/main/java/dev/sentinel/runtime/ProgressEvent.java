package dev.sentinel.runtime;

import java.time.Duration;
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

  /** The event as one line for people, the service first as Compose prints it: {@code api  started shop-api-1}. */
  default String text() {
    if (this instanceof Planned p) {
      return "planned " + p.plan().changes().size() + " change(s)";
    } else if (this instanceof Building b) {
      return b.serviceName() + "  building: " + b.line();
    } else if (this instanceof Pulling p) {
      return p.serviceName() + "  pulling " + p.image();
    } else if (this instanceof Creating c) {
      return c.service().map(s -> s + "  ").orElse("") + "creating " + c.object();
    } else if (this instanceof Starting s) {
      return s.serviceName() + "  starting " + s.container();
    } else if (this instanceof Started s) {
      return s.serviceName() + "  started " + s.container();
    } else if (this instanceof Waiting w) {
      return w.serviceName() + "  waits for " + w.dependency() + " (" + w.condition() + ")";
    } else if (this instanceof Ready r) {
      return r.serviceName() + "  " + r.state();
    } else if (this instanceof Failed f) {
      return f.serviceName() + "  FAILED: " + f.reason();
    } else if (this instanceof EngineWarning w) {
      return w.serviceName() + "  WARNING from the engine for " + w.container() + ": " + w.warning();
    } else if (this instanceof StartingWithout w) {
      return w.serviceName() + "  starts without its optional dependency " + w.dependency() + ": " + w.reason();
    } else if (this instanceof RolledBack r) {
      return r.serviceName() + "  ROLLED BACK to its previous containers: " + r.outcome();
    } else if (this instanceof EngineLost l) {
      return "the Docker engine at " + l.engine() + " stopped answering at \"" + l.step() + "\" (" + l.cause() + "); waiting up to "
          + l.waitingUpTo().toSeconds() + "s for it to come back";
    } else if (this instanceof EngineWaiting w) {
      return "still waiting for the Docker engine at " + w.engine() + " (" + w.waited().toSeconds() + "s)";
    } else if (this instanceof EngineBack b) {
      return "the Docker engine at " + b.engine() + " answers again after " + b.waited().toSeconds() + "s; planning again from what it holds";
    } else if (this instanceof Removed r) {
      return r.service().map(s -> s + "  ").orElse("") + "removed " + r.object();
    }
    return toString();
  }

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

  /**
   * The engine stopped answering (its connection or event stream dropped) at {@code step}, the
   * last thing done before; Sentinel waits for it, then plans again and carries on.
   */
  record EngineLost(String engine, String step, String cause, Duration waitingUpTo) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.empty();
    }
  }

  /** Sentinel still waits for a lost engine, {@code waited} so far. */
  record EngineWaiting(String engine, Duration waited) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.empty();
    }
  }

  /** A lost engine answers again after {@code waited}; the apply or down plans again from what the engine holds. */
  record EngineBack(String engine, Duration waited) implements ProgressEvent {
    @Override
    public Optional<String> service() {
      return Optional.empty();
    }
  }

  /** A network, volume or container was removed. */
  record Removed(Optional<String> service, String object) implements ProgressEvent {}
}
