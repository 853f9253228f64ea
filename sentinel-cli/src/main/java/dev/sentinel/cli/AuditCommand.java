package dev.sentinel.cli;

import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Check what really runs (docker inspect) against the policy; exit 1 on findings at or above the threshold.")
final class AuditCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--sarif", description = "Print SARIF 2.1.0.")
  boolean sarif;

  @Option(names = "--policy", description = "A policy file (failAt, severities).")
  Path policyFile;

  @Override
  public Integer call() throws IOException {
    try (Engine engine = cli.engine()) {
      PolicyReport report = EngineTarget.on(engine).audit(cli.resolve(), LintCommand.policy(policyFile));
      LintCommand.print(cli, report, sarif);
      return report.fails() ? SentinelCli.FAILED : SentinelCli.OK;
    }
  }
}
