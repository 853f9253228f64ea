package dev.sentinel.cli;

import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.StackStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "health", mixinStandardHelpOptions = true,
    description = "Exit 0 when every container is running and healthy, 4 otherwise (for monitors and scripts).")
final class HealthCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      StackStatus status = cli.target(engine).status(cli.stackName());
      if (cli.json) {
        cli.out().println(status.toJson());
      } else {
        for (ContainerStatus c : status.containers()) {
          cli.out().printf("%-8s %s%s%n", c.isReady() ? "ok" : "NOT OK", c.name(),
              c.isReady() ? "" : " (" + c.state() + c.health().map(h -> ", " + h).orElse("") + c.lastHealthOutput().map(o -> ": " + o).orElse("") + ")");
        }
        if (status.containers().isEmpty()) {
          cli.out().println("NOT OK   stack " + status.stack() + " has no containers");
        }
      }
      return status.allReady() ? SentinelCli.OK : SentinelCli.NOT_HEALTHY;
    }
  }
}
