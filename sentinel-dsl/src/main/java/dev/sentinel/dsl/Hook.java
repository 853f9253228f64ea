package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command run inside a service's container at a point of its life: after it starts ({@link
 * ServiceBuilder#postStart}) or before Sentinel stops it ({@link ServiceBuilder#preStop}). Compose's
 * {@code post_start} and {@code pre_stop} entries. A failing {@code post_start} hook fails the
 * container (Compose stops it too); a failing {@code pre_stop} hook is reported and the stop goes on.
 *
 * <pre>{@code
 * svc.postStart(Hook.command("sh", "-c", "chown -R app /data").withUser("root"))
 *    .preStop(Hook.command("/app/drain", "--wait=5s"));
 * }</pre>
 *
 * @param command the command and its arguments, run without a shell
 * @param user who runs it; empty for the container's user
 * @param privileged whether it runs with extended privileges
 * @param workingDir where it runs; empty for the container's working directory
 * @param environment variables set for the command only
 */
public record Hook(List<String> command, Optional<String> user, boolean privileged, Optional<String> workingDir,
    Map<String, String> environment) {

  public Hook {
    command = ImmutableList.copyOf(command);
    checkArgument(!command.isEmpty(), "a hook needs a command");
    checkNotNull(user, "user");
    checkNotNull(workingDir, "workingDir");
    environment = ImmutableMap.copyOf(environment);
  }

  /** A hook running {@code command} (without a shell) as the container's user. */
  public static Hook command(String... command) {
    return new Hook(List.of(command), Optional.empty(), false, Optional.empty(), Map.of());
  }

  /** A hook running {@code command} (without a shell) as the container's user. */
  public static Hook command(List<String> command) {
    return new Hook(command, Optional.empty(), false, Optional.empty(), Map.of());
  }

  /** This hook run as {@code user} ({@code name}, {@code uid} or {@code uid:gid}). */
  public Hook withUser(String user) {
    checkArgument(!checkNotNull(user, "user").isBlank(), "a hook user must not be blank");
    return new Hook(command, Optional.of(user), privileged, workingDir, environment);
  }

  /** This hook run with extended privileges (Compose's {@code privileged: true}). */
  public Hook withPrivileges() {
    return new Hook(command, user, true, workingDir, environment);
  }

  /** This hook run in {@code dir}, an absolute path in the container. */
  public Hook withWorkingDir(String dir) {
    checkArgument(checkNotNull(dir, "dir").startsWith("/"), "a hook working_dir must be an absolute path, got \"%s\"", dir);
    return new Hook(command, user, privileged, Optional.of(dir), environment);
  }

  /** This hook with the variable {@code name} set to {@code value} for its command. */
  public Hook withEnvironment(String name, String value) {
    checkArgument(!checkNotNull(name, "name").isEmpty() && !name.contains("="), "a hook variable name \"%s\" must be non-empty without '='", name);
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, checkNotNull(value, "value"));
    return new Hook(command, user, privileged, workingDir, env);
  }
}
