package dev.sentinel.cli;

import dev.sentinel.backup.ArchiveRejectedException;
import dev.sentinel.backup.Manifest;
import dev.sentinel.backup.VolumeBackup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check an archive without Docker: its .sha256, manifest and every volume's checksum. Exit 1 if refused.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Parameters(index = "0", description = "The archive.")
  Path archive;

  @Override
  public Integer call() {
    try {
      Manifest manifest = VolumeBackup.verify(archive);
      cli.out().print(cli.json ? "{\"archive\":\"" + archive + "\",\"verified\":true}\n" : "verified " + archive + "\n" + manifest.toYaml());
      return SentinelCli.OK;
    } catch (ArchiveRejectedException e) {
      cli.err().println("refused: " + e.getMessage());
      return SentinelCli.FAILED;
    }
  }
}
