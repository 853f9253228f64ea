package dev.sentinel.cli;

import dev.sentinel.compose.ComposeExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write docker-compose.yml, per-environment overrides and flat files, and .env.example.")
final class ExportCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--out", required = true, description = "The directory to write to.")
  Path out;

  @Override
  public Integer call() throws IOException {
    // Generated secrets are referred to where the state directory keeps them, relative to the files.
    Path secrets = out.toAbsolutePath().normalize().relativize(cli.stateDirectory.toAbsolutePath().normalize().resolve("secrets"));
    ComposeExporter exporter = ComposeExporter.create().withSecretsDirectory("./" + secrets);
    for (Path file : exporter.writeTo(cli.loadStack(), out)) {
      cli.out().println(file);
    }
    return SentinelCli.OK;
  }
}
