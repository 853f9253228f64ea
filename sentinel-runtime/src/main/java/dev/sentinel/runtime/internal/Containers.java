package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;

/** Stopping and removing containers that may already be stopped or gone (another run, a restart policy, a user). */
final class Containers {
  private Containers() {}

  /**
   * Runs the container's pre_stop hooks ({@link Hooks#preStop}), then stops it within {@code
   * graceSeconds}; one not running or gone is fine.
   */
  static void stop(DockerClient docker, String id, int graceSeconds) {
    Hooks.preStop(docker, id);
    stopWithoutHooks(docker, id, graceSeconds);
  }

  /**
   * As {@link #stop(DockerClient, String, int)} for a container just listed: its pre_stop hooks come
   * from the spec label the listing returned, so no inspect is needed (a {@code down} stops every
   * container of the stack this way).
   */
  static void stop(DockerClient docker, DetailedPlan.ExistingContainer c, int graceSeconds) {
    if ("running".equals(c.state())) {
      Hooks.preStop(docker, c.id(), c.name(), Hooks.stored(c.specJson(), "preStop"));
    }
    stopWithoutHooks(docker, c.id(), graceSeconds);
  }

  /** Stops the container within {@code graceSeconds} without its hooks (one whose post_start hook failed). */
  static void stopWithoutHooks(DockerClient docker, String id, int graceSeconds) {
    try {
      docker.stopContainerCmd(id).withTimeout(graceSeconds).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // not running, or gone
    }
  }

  /** Stops, then removes the container with its anonymous volumes; one gone already is fine. */
  static void stopAndRemove(DockerClient docker, String id, int graceSeconds) {
    stop(docker, id, graceSeconds);
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // gone already
    }
  }
}
