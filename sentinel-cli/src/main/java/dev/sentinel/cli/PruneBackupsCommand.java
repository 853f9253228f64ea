package dev.sentinel.cli;

import dev.sentinel.backup.RetentionPolicy;
import dev.sentinel.backup.VolumeBackup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune-backups", mixinStandardHelpOptions = true,
    description = "Remove the stack's archives the retention policy does not keep (never the newest verified one).")
final class PruneBackupsCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--dir", defaultValue = "backups", description = "The directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--keep-daily", defaultValue = "7", description = "Days kept (default: ${DEFAULT-VALUE}).")
  int daily;

  @Option(names = "--keep-monthly", defaultValue = "12", description = "Months kept (default: ${DEFAULT-VALUE}).")
  int monthly;

  @Override
  public Integer call() throws IOException {
    for (Path pruned : VolumeBackup.prune(cli.loadStack().name(), dir, RetentionPolicy.dailyAndMonthly(daily, monthly))) {
      cli.out().println("pruned " + pruned);
    }
    return SentinelCli.OK;
  }
}
