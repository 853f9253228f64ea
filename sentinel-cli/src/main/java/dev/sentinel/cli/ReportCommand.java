package dev.sentinel.cli;

import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.report.HtmlReport;
import dev.sentinel.report.StackSnapshot;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"One self-contained HTML page about the running stack: topology, state, health checks, restarts,",
        "CPU and memory against limits, the last backup per volume, lint findings. Opens offline."})
final class ReportCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--html", required = true, paramLabel = "FILE", description = "Where to write the page.")
  Path html;

  @Option(names = "--backups", defaultValue = "backups", paramLabel = "DIR", description = "Where the stack's archives are (default: ${DEFAULT-VALUE}).")
  Path backups;

  @Option(names = "--policy", description = "A policy file for the lint section (failAt, severities).")
  Path policyFile;

  @Option(names = "--watch", paramLabel = "SECONDS",
      description = "Rewrite the page every SECONDS (it reloads itself), adding each sample to the CPU and memory history.")
  int watchSeconds;

  @Option(names = "--rounds", paramLabel = "N", description = "With --watch: stop after N pages (default: until interrupted).")
  int rounds;

  @Option(names = "--history", defaultValue = "120", paramLabel = "N", description = "With --watch: samples kept in the charts (default: ${DEFAULT-VALUE}).")
  int history;

  @Override
  public Integer call() throws Exception {
    if (!cli.target.equals("engine")) {
      throw new SentinelCli.UsageException("report reads containers, health logs and stats from one engine: use --target engine");
    }
    if (watchSeconds < 0 || rounds < 0 || history < 1) {
      throw new SentinelCli.UsageException("--watch, --rounds and --history take positive numbers");
    }
    StackSpec spec = cli.resolve();
    Policy policy = LintCommand.policy(policyFile);
    List<StackSnapshot> samples = new ArrayList<>();
    try (Engine engine = cli.engine()) {
      EngineTarget target = EngineTarget.on(engine);
      for (int round = 1; ; round++) {
        samples.add(StackSnapshot.collect(target, spec, backups, policy));
        if (samples.size() > history) {
          samples.remove(0);
        }
        write(HtmlReport.render(samples, watchSeconds));
        cli.err().println("wrote " + html + (watchSeconds > 0 ? " (" + samples.size() + " samples)" : ""));
        cli.err().flush();
        if (watchSeconds == 0 || (rounds > 0 && round >= rounds)) {
          return SentinelCli.OK;
        }
        Thread.sleep(watchSeconds * 1000L);
      }
    }
  }

  /** Whole or not at all: a browser reloading the page never reads half of it. */
  private void write(String page) throws java.io.IOException {
    Path absolute = html.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    Files.writeString(partial, page);
    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
