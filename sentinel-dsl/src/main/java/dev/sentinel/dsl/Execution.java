package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * How a service's main process is started: what it runs, where, and with which terminal. One
 * section of a {@link Service}; set through {@link ServiceBuilder#command}, {@link
 * ServiceBuilder#entrypoint}, {@link ServiceBuilder#workingDir}, {@link ServiceBuilder#tty()},
 * {@link ServiceBuilder#stdinOpen()} and {@link ServiceBuilder#platform}.
 *
 * <pre>{@code
 * svc.entrypoint("/docker-entrypoint.sh").command("serve", "--port", "8080").workingDir("/srv");
 * Execution e = stack.resolve("production").service("api").execution();
 * }</pre>
 *
 * <p>A section keeps its attributes together in every layer: this record and its {@link State}
 * (the builder's state, overlays and Compose's {@code !reset}), one section class in sentinel-compose
 * (Compose in and out), one in the runtime (the container spec, the engine's create request and the
 * Swarm service). A new attribute of this section is added in those places only.
 *
 * @param command the command, replacing the image's; empty for the image's
 * @param entrypoint the entrypoint, replacing the image's; empty for the image's
 * @param workingDir the working directory, when not the image's
 * @param tty whether the process gets a pseudo-terminal (Compose's {@code tty})
 * @param stdinOpen whether its standard input stays open with nothing attached (Compose's {@code
 *     stdin_open}), e.g. for a shell or REPL that must not see end-of-file and exit
 * @param platform the platform of the image to run, {@code os[/architecture[/variant]]} (Compose's
 *     {@code platform}), when not the engine's own
 */
public record Execution(List<String> command, List<String> entrypoint, Optional<String> workingDir, boolean tty, boolean stdinOpen,
    Optional<String> platform) {
  /** The image's own command, entrypoint and working directory; no terminal, standard input closed. */
  public static final Execution DEFAULT = new Execution(List.of(), List.of(), Optional.empty(), false, false, Optional.empty());

  public Execution {
    command = ImmutableList.copyOf(command);
    entrypoint = ImmutableList.copyOf(entrypoint);
    checkNotNull(workingDir, "workingDir");
    checkNotNull(platform, "platform");
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears. */
    static final List<String> COMPOSE_KEYS = List.of("command", "entrypoint", "working_dir", "tty", "stdin_open", "platform");

    List<String> command;
    List<String> entrypoint;
    Optional<String> workingDir;
    boolean tty;
    boolean stdinOpen;
    Optional<String> platform;

    State(Execution from) {
      command = from.command();
      entrypoint = from.entrypoint();
      workingDir = from.workingDir();
      tty = from.tty();
      stdinOpen = from.stdinOpen();
      platform = from.platform();
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "command" -> command = List.of();
        case "entrypoint" -> entrypoint = List.of();
        case "working_dir" -> workingDir = Optional.empty();
        case "tty" -> tty = false;
        case "stdin_open" -> stdinOpen = false;
        case "platform" -> platform = Optional.empty();
        default -> {
          return false;
        }
      }
      return true;
    }

    Execution build() {
      return new Execution(command, entrypoint, workingDir, tty, stdinOpen, platform);
    }
  }
}
