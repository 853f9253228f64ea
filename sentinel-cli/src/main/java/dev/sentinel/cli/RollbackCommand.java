package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Return the stack's containers to the successful apply before the last one (engine target; run it again to undo).")
final class RollbackCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    if (!cli.target.equals("engine")) {
      cli.err().println("rollback works on the engine target; a Swarm rolls back a service itself (update_config.failure_action: rollback,"
          + " or docker service rollback)");
      return SentinelCli.USAGE;
    }
    String stack = cli.resolve().name();
    try (Engine engine = cli.engine()) {
      cli.announce(engine);
      try {
        Plan done = EngineTarget.on(engine).rollback(stack, cli.options());
        cli.out().print(cli.json ? done.toJson() + "\n" : done.toText());
        return SentinelCli.OK;
      } catch (IllegalStateException e) {
        cli.err().println(e.getMessage());
        return SentinelCli.FAILED;
      }
    }
  }
}
