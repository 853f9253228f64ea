package dev.sentinel.cli;

import dev.sentinel.compose.PolicyFiles;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Check the definition against security and reliability policy; exit 1 on findings at or above the threshold.")
final class LintCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--sarif", description = "Print SARIF 2.1.0 (for CI systems).")
  boolean sarif;

  @Option(names = "--policy", description = "A policy file (failAt, severities).")
  Path policyFile;

  @Override
  public Integer call() throws IOException {
    PolicyReport report = Linter.lint(cli.resolve(), policy(policyFile));
    print(cli, report, sarif);
    return report.fails() ? SentinelCli.FAILED : SentinelCli.OK;
  }

  static Policy policy(Path file) throws IOException {
    return file == null ? Policy.defaults() : PolicyFiles.read(file);
  }

  static void print(SentinelCli cli, PolicyReport report, boolean sarif) {
    cli.out().print(sarif ? report.toSarif() + "\n" : cli.json ? report.toJson() + "\n" : report.toText());
  }
}
