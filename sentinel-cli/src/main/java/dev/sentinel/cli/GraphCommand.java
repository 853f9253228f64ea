package dev.sentinel.cli;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.report.StackGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"The stack's topology: services, networks, volumes, secrets, configs, published ports and depends_on edges.",
        "Mermaid (for markdown), Graphviz DOT, or a self-contained SVG laid out by Sentinel (no external program)."})
final class GraphCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--format", defaultValue = "mermaid", description = "mermaid (default), dot or svg.")
  String format;

  @Option(names = "--compare", paramLabel = "ENV",
      description = "Draw --env against this environment on one picture: added green, removed red, changed amber.")
  String compare;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Stack stack = cli.loadStack();
    StackSpec spec = stack.resolveOrDefault(Optional.ofNullable(cli.environment));
    StackGraph graph = compare == null ? StackGraph.of(spec) : StackGraph.compare(stack.resolve(compare), spec);
    String text = switch (format) {
      case "mermaid" -> graph.toMermaid();
      case "dot" -> graph.toDot();
      case "svg" -> graph.toSvg();
      default -> throw new SentinelCli.UsageException("--format " + format + " is not a format (mermaid, dot or svg)");
    };
    if (output == null) {
      cli.out().print(text);
    } else {
      Files.writeString(output, text);
      cli.err().println("wrote " + output);
    }
    return SentinelCli.OK;
  }
}
