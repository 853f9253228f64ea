package dev.sentinel.cli;

import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.Plan;
import dev.sentinel.runtime.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", mixinStandardHelpOptions = true, description = "Apply the stack and wait until every service is ready.")
final class UpCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      Target target = cli.target(engine);
      try {
        Plan plan = target.apply(cli.resolve(), cli.options());
        cli.out().print(cli.json ? plan.toJson() + "\n" : plan.toText());
        return SentinelCli.OK;
      } catch (ApplyException e) {
        cli.err().println(e.getMessage());
        return SentinelCli.FAILED;
      }
    }
  }
}
