package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what up would change (read-only).")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      Plan plan = cli.target(engine).plan(cli.resolve(), cli.options());
      cli.out().print(cli.json ? plan.toJson() + "\n" : plan.toText());
      return SentinelCli.OK;
    }
  }
}
