package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sentinel.runtime.EngineErrors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a container's {@code post_start} and {@code pre_stop} hooks (Compose's lifecycle hooks) as
 * execs in it. The pre_stop hooks are read from the container's own spec label, so every stop runs
 * the hooks the container was created with, whichever path stops it (down, recreate, scale-down,
 * rollback).
 */
final class Hooks {
  private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a pre_stop hook may run: a stop must not hang on it. */
  static final Duration PRE_STOP_TIMEOUT = Duration.ofSeconds(60);

  private Hooks() {}

  /** Why a post_start hook failed. */
  static final class HookFailed extends RuntimeException {
    HookFailed(String message) {
      super(message);
    }
  }

  /**
   * Runs each hook in order, stopping at the first that fails.
   *
   * @throws HookFailed naming the hook, its exit code (or the timeout) and its output
   */
  static void postStart(DockerClient docker, String containerId, List<LifecycleMapping.HookSpec> hooks, Duration timeout) {
    for (LifecycleMapping.HookSpec hook : hooks == null ? List.<LifecycleMapping.HookSpec>of() : hooks) {
      Optional<String> failure = run(docker, containerId, hook, timeout);
      if (failure.isPresent()) {
        throw new HookFailed("post_start hook `" + hook.describe() + "` " + failure.get());
      }
    }
  }

  /**
   * Runs the pre_stop hooks stored in the container's spec label when it is running; a failing hook
   * is logged and the caller's stop goes on (the container is stopping either way).
   */
  static void preStop(DockerClient docker, String containerId) {
    InspectContainerResponse inspect;
    try {
      inspect = docker.inspectContainerCmd(containerId).exec();
    } catch (NotFoundException gone) {
      return;
    }
    if (Boolean.TRUE.equals(inspect.getState().getRunning())) {
      preStop(docker, containerId, inspect.getName().replaceFirst("^/", ""), stored(inspect.getConfig().getLabels(), "preStop"));
    }
  }

  /** Runs {@code hooks} (a running container's pre_stop hooks, already known) in order; a failing one is logged. */
  static void preStop(DockerClient docker, String containerId, String name, List<LifecycleMapping.HookSpec> hooks) {
    for (LifecycleMapping.HookSpec hook : hooks) {
      run(docker, containerId, hook, PRE_STOP_TIMEOUT).ifPresent(failure ->
          LOG.warn("pre_stop hook `{}` of {} {}; stopping it anyway", hook.describe(), name, failure));
    }
  }


  /**
   * Runs the post_start hooks stored in the container's spec label: for a container Sentinel starts
   * again without its definition at hand (an old container put back by a rollback).
   *
   * @throws HookFailed as {@link #postStart}
   */
  static void postStartStored(DockerClient docker, String containerId, Duration timeout) {
    postStart(docker, containerId, stored(docker.inspectContainerCmd(containerId).exec().getConfig().getLabels(), "postStart"), timeout);
  }

  /** The hooks ({@code preStop} or {@code postStart}) in a container's spec label; none when it has no label or no hooks. */
  static List<LifecycleMapping.HookSpec> stored(Map<String, String> labels, String key) {
    return stored(labels == null ? null : labels.get(Labels.SPEC), key);
  }

  /** The hooks ({@code preStop} or {@code postStart}) in a container's stored spec JSON; none when it is missing or has no hooks. */
  static List<LifecycleMapping.HookSpec> stored(String spec, String key) {
    if (spec == null || spec.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode hooks = JSON.readTree(spec).get(key);
      return hooks == null ? List.of() : JSON.convertValue(hooks, new TypeReference<List<LifecycleMapping.HookSpec>>() {});
    } catch (java.io.IOException | IllegalArgumentException e) {
      LOG.warn("the spec label of a container cannot be read ({}); its {} hooks are not run", e.getMessage(), key);
      return List.of();
    }
  }

  /** Runs one hook; the reason it failed, or empty when it exited 0. */
  private static Optional<String> run(DockerClient docker, String containerId, LifecycleMapping.HookSpec hook, Duration timeout) {
    try {
      Execs.Result r = Execs.run(docker, containerId, hook.command(), cmd -> {
        cmd.withUser(hook.user()).withPrivileged(hook.privileged()).withWorkingDir(hook.workingDir());
        if (hook.environment() != null) {
          cmd.withEnv(hook.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
      }, timeout);
      if (r.exitCode().isEmpty()) {
        return Optional.of("did not finish within " + timeout.toSeconds() + "s" + output(r.output()));
      }
      long code = r.exitCode().get();
      return code == 0 ? Optional.empty() : Optional.of("exited with " + code + output(r.output()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("was interrupted");
    } catch (RuntimeException e) {
      return Optional.of("could not run: " + EngineErrors.describe(e));
    }
  }

  private static String output(String output) {
    String text = output.strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text);
  }
}
