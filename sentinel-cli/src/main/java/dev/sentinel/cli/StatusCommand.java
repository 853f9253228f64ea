package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.StackStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Every container: state, health, restarts, uptime, ports.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      StackStatus status = cli.target(engine).status(cli.resolve().name());
      cli.out().print(cli.json ? status.toJson() + "\n" : status.toText());
      return SentinelCli.OK;
    }
  }
}
