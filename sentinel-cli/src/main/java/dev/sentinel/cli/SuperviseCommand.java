package dev.sentinel.cli;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.Supervisor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "supervise", mixinStandardHelpOptions = true,
    description = "Keep running and restart containers of the stack that stay unhealthy (with back-off; each restart in the audit log)."
        + " Never acts while an up or down runs. Stops on Ctrl-C.")
final class SuperviseCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--unhealthy-for", defaultValue = "30", paramLabel = "SECONDS",
      description = "Restart a container unhealthy for this long (default: ${DEFAULT-VALUE}).")
  int unhealthyForSeconds;

  @Option(names = "--check-every", defaultValue = "5", paramLabel = "SECONDS",
      description = "Read the engine this often (default: ${DEFAULT-VALUE}).")
  int checkEverySeconds;

  @Override
  public Integer call() throws InterruptedException {
    String stack = cli.resolve().name();
    var apply = cli.options();
    CountDownLatch stopped = new CountDownLatch(1);
    try (Engine engine = cli.engine();
        Supervisor supervisor = Supervisor.start(engine, stack, Supervisor.Options.defaults()
            .withUnhealthyFor(Duration.ofSeconds(unhealthyForSeconds)).withCheckEvery(Duration.ofSeconds(checkEverySeconds))
            .withAuditLog(apply.auditLog()).withListener(apply.listener()))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sentinel-supervise-stop"));
      cli.err().println("supervising stack " + stack + ": restarting containers unhealthy for " + unhealthyForSeconds + "s (Ctrl-C stops)");
      cli.err().flush();
      stopped.await();
      return SentinelCli.OK;
    }
  }
}
