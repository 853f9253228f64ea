package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.SwarmTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true, description = {"A service's logs (every replica).", "On a Swarm (--target swarm) every task's, from every node, each line prefixed with task@node."})
final class LogsCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Parameters(index = "0", description = "The service.")
  String service;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
  boolean follow;

  @Option(names = "--tail", defaultValue = "100", description = "How many lines from the end (default: ${DEFAULT-VALUE}).")
  int tail;

  @Override
  public Integer call() throws InterruptedException {
    try (Engine engine = cli.engine()) {
      java.util.function.Consumer<String> print = line -> {
        cli.out().println(line);
        cli.out().flush();
      };
      if (cli.target(engine) instanceof SwarmTarget swarm) {
        swarm.logs(cli.stackName(), service, tail, follow, print);
      } else {
        EngineTarget.on(engine).logs(cli.stackName(), service, tail, follow, print);
      }
      return SentinelCli.OK;
    }
  }
}
