package dev.sentinel.cli;

import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.StackSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Manage the stack's generated secrets.",
    subcommands = SecretsCommand.Rotate.class)
final class SecretsCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    cli.err().println("sentinel secrets: give a subcommand (rotate <name>)");
    return SentinelCli.USAGE;
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Replace a generated secret's value; the next up recreates the services that mount it.")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand SecretsCommand secrets;

    @Parameters(index = "0", description = "The secret.")
    String name;

    @Override
    public Integer call() {
      SentinelCli cli = secrets.cli;
      StackSpec spec = cli.resolve();
      Secret secret = spec.secrets().get(name);
      if (secret == null) {
        throw new SentinelCli.UsageException("stack " + spec.name() + " has no secret \"" + name + "\" (it has: "
            + String.join(", ", spec.secrets().keySet()) + ")");
      }
      cli.options().secretStore().rotate(spec.name(), secret);
      cli.out().println("rotated " + name + "; run `sentinel up` to hand it to the services that mount it");
      return SentinelCli.OK;
    }
  }
}
