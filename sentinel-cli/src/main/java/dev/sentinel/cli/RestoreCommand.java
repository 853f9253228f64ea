package dev.sentinel.cli;

import dev.sentinel.backup.ArchiveRejectedException;
import dev.sentinel.backup.RestoreOptions;
import dev.sentinel.backup.RestoreRefusedException;
import dev.sentinel.backup.RestoreResult;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.runtime.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Verify an archive, then restore its volumes. Refuses non-empty volumes unless --overwrite.")
final class RestoreCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Parameters(index = "0", description = "The archive.")
  Path archive;

  @Option(names = "--overwrite", description = "Replace the content of volumes that are not empty (written beside it first; the old content stays if anything fails).")
  boolean overwrite;

  @Option(names = "--rename", description = "Restore volume FROM into volume TO (FROM=TO, repeatable).")
  List<String> renames = new ArrayList<>();

  @Option(names = "--through-engine", description = "Write every volume through the engine's archive endpoint. By default a volume the"
      + " restore creates, on an engine of this host, is written straight into its directory here (faster; needs root).")
  boolean throughEngine;

  @Override
  public Integer call() throws IOException {
    RestoreOptions options = overwrite ? RestoreOptions.defaults().withOverwrite() : RestoreOptions.defaults();
    if (throughEngine) {
      options = options.withoutHostWrites();
    }
    for (String rename : renames) {
      String[] parts = rename.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new SentinelCli.UsageException("--rename " + rename + " is not FROM=TO");
      }
      options = options.rename(parts[0], parts[1]);
    }
    try (Engine engine = cli.engine()) {
      RestoreResult result = VolumeBackup.on(engine).restore(archive, options);
      cli.out().println("restored " + String.join(", ", result.restored()));
      if (!result.writtenOnHost().isEmpty()) {
        cli.out().println("written straight into their directories on this host: " + String.join(", ", result.writtenOnHost()));
      }
      return SentinelCli.OK;
    } catch (ArchiveRejectedException | RestoreRefusedException e) {
      cli.err().println("refused: " + e.getMessage());
      return SentinelCli.FAILED;
    }
  }
}
