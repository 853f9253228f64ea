package dev.sentinel.runtime;

/**
 * Receives {@link ProgressEvent}s, possibly from several threads at once. It must not block.
 *
 * <pre>{@code
 * ProgressListener log = event -> LOG.info("{}", event);
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener NONE = event -> {};

  void on(ProgressEvent event);
}
