package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.ReusedStacks;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reused", mixinStandardHelpOptions = true,
    description = {"List the stacks integration tests keep running for reuse (SentinelStackContainer.withReuse(), @SentinelStack(reuse = true)),"
        + " found by their label dev.sentinel.reuse=true; with --remove, remove them.",
        "Needs no stack definition. Stacks Sentinel applies for you are never touched: they do not carry the label."})
final class ReusedCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--remove", description = "Remove them: containers, networks, volumes, and the state each keeps on this machine.")
  boolean remove;

  @Parameters(arity = "0..*", paramLabel = "STACK", description = "Only these stacks (default: every reused stack).")
  List<String> only = List.of();

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      engine.ping(); // no engine: exit 3 with the address tried, as every command
      Set<String> names = Set.copyOf(only);
      List<ReusedStacks.Found> found = remove ? ReusedStacks.remove(engine, n -> names.isEmpty() || names.contains(n))
          : ReusedStacks.list(engine).stream().filter(f -> names.isEmpty() || names.contains(f.name())).toList();
      for (ReusedStacks.Found f : found) {
        cli.out().printf("%s%s  (%d containers, %d networks, %d volumes)%n", remove ? "removed " : "", f.name(),
            f.containers(), f.networks(), f.volumes());
      }
      if (found.isEmpty()) {
        cli.out().println(names.isEmpty() ? "no reused stacks" : "no reused stack named " + String.join(", ", only));
      }
      return SentinelCli.OK;
    }
  }
}
