package dev.sentinel.cli;

import dev.sentinel.cli.daemon.DaemonClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sentinel daemon [status|stop]}. {@code scripts/sentinel} hands these to {@link
 * DaemonClient} before any command line is parsed (no daemon is started for them); this is the
 * same for a run through {@link SentinelCli} itself, and what the root's usage lists.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "List (status, the default) or end (stop) this user's daemons: the warm JVMs that run plan, up, down, status, "
        + "health and drift. SENTINEL_DAEMON=0 runs every command on its own.")
final class DaemonCommand implements Callable<Integer> {
  enum Action { status, stop }

  @ParentCommand SentinelCli cli;

  @Parameters(arity = "0..1", paramLabel = "ACTION", description = "status (default) or stop.")
  Action action = Action.status;

  @Override
  public Integer call() {
    return DaemonClient.manage(List.of(action.name()), cli.out(), cli.err());
  }
}
