package dev.sentinel.cli;

import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop and remove the stack's containers and networks.")
final class DownCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--volumes", description = "Remove the stack's volumes too: its data is gone.")
  boolean volumes;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      cli.announce(engine);
      cli.target(engine).down(cli.resolve(), volumes ? DownOptions.removeVolumesToo() : DownOptions.keepVolumes(), cli.options());
      return SentinelCli.OK;
    }
  }
}
