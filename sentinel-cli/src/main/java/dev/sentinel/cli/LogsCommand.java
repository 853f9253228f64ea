package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "A service's logs (every replica).")
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
      EngineTarget.on(engine).logs(cli.resolve().name(), service, tail, follow, line -> {
        cli.out().println(line);
        cli.out().flush();
      });
      return SentinelCli.OK;
    }
  }
}
