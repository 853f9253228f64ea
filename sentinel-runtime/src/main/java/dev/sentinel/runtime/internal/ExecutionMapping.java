package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.SwarmNodePlatform;
import com.github.dockerjava.api.model.TaskSpec;
import dev.sentinel.dsl.Execution;
import java.util.List;

/**
 * The {@link Execution} section on the engine: its part of the {@link ContainerSpec} (hashed, so
 * an unset attribute is {@code null} and absent from the JSON, and existing containers keep their
 * hash when the section grows), the engine's create request, and the Swarm service's container spec.
 */
final class ExecutionMapping {
  private ExecutionMapping() {}

  /** This section's fields of a container spec; they appear at the spec's top level in its JSON. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Spec(List<String> command, List<String> entrypoint, String workingDir, Boolean tty, Boolean stdinOpen, String platform) {}

  static Spec spec(Execution e) {
    return new Spec(e.command(), e.entrypoint(), e.workingDir().orElse(null), e.tty() ? true : null, e.stdinOpen() ? true : null,
        e.platform().orElse(null));
  }

  static void applyTo(Spec spec, CreateContainerCmd cmd) {
    // docker-java rejects nulls here: set only what the spec sets.
    if (!spec.command().isEmpty()) {
      cmd.withCmd(spec.command());
    }
    if (!spec.entrypoint().isEmpty()) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.workingDir() != null) {
      cmd.withWorkingDir(spec.workingDir());
    }
    if (spec.tty() != null) {
      cmd.withTty(spec.tty());
    }
    if (spec.stdinOpen() != null) {
      cmd.withStdinOpen(spec.stdinOpen());
    }
    if (spec.platform() != null) {
      cmd.withPlatform(spec.platform());
    }
  }

  static void applyTo(Spec spec, com.github.dockerjava.api.model.ContainerSpec swarm) {
    // A Swarm task's "command" is the entrypoint and its "args" the command.
    if (!spec.entrypoint().isEmpty()) {
      swarm.withCommand(spec.entrypoint());
    }
    if (!spec.command().isEmpty()) {
      swarm.withArgs(spec.command());
    }
    if (spec.workingDir() != null) {
      swarm.withDir(spec.workingDir());
    }
    if (spec.tty() != null) {
      swarm.withTty(spec.tty());
    }
    if (spec.stdinOpen() != null) {
      swarm.withOpenStdin(spec.stdinOpen());
    }
  }

  /** A platform becomes a placement constraint of the Swarm service's tasks: nodes of that OS and architecture. */
  static void applyTo(Spec spec, TaskSpec task) {
    if (spec.platform() == null) {
      return;
    }
    String[] parts = spec.platform().split("/");
    SwarmNodePlatform platform = new SwarmNodePlatform().withOs(parts[0]);
    if (parts.length > 1) {
      platform.withArchitecture(parts[1]);
    }
    if (task.getPlacement() == null) {
      task.withPlacement(new ServicePlacement());
    }
    task.getPlacement().setPlatforms(List.of(platform));
  }
}
