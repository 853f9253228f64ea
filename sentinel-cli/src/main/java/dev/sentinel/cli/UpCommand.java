package dev.sentinel.cli;

import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.Plan;
import dev.sentinel.runtime.Target;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", mixinStandardHelpOptions = true, description = "Apply the stack and wait until every service is ready.")
final class UpCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--no-rollback", description = "Keep a recreated service's failing new containers for inspection instead of"
      + " going back to the containers it had before.")
  boolean noRollback;

  @Option(names = "--strict-health", description = "A service that others wait for to be healthy counts as healthy only when"
      + " the engine says so, not as soon as Sentinel's own run of its health test passes (slower: the engine checks"
      + " first one interval after the start).")
  boolean strictHealth;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      cli.announce(engine);
      Target target = cli.target(engine);
      try {
        Plan plan = target.apply(cli.resolve(), cli.options().withRollback(!noRollback).withEngineHealthOnly(strictHealth));
        cli.out().print(cli.json ? plan.toJson() + "\n" : plan.toText());
        return SentinelCli.OK;
      } catch (ApplyException e) {
        cli.err().println(e.getMessage());
        return SentinelCli.FAILED;
      }
    }
  }
}
