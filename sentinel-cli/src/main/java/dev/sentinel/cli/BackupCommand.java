package dev.sentinel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinel.backup.BackupOptions;
import dev.sentinel.backup.BackupResult;
import dev.sentinel.backup.RetentionPolicy;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.backup.VolumeManifest;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Back up the stack's volumes (or the named ones) into one verified archive.")
final class BackupCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Option(names = "--to", defaultValue = "backups", description = "The directory (default: ${DEFAULT-VALUE}).")
  Path to;

  @Option(names = "--volume", description = "An engine volume to back up instead of the stack's (repeatable).")
  List<String> volumes = new ArrayList<>();

  @Option(names = "--keep-daily", description = "After verifying, keep the newest archive of each of the last N days...")
  Integer daily;

  @Option(names = "--keep-monthly", description = "...and of each of the last N months; prune the rest.")
  Integer monthly;

  @Option(names = "--through-engine", description = "Read every volume through the engine's archive endpoint. By default a plain local"
      + " volume that no running container mounts, on an engine of this host, is read straight from its directory here (faster; needs root).")
  boolean throughEngine;

  @Override
  public Integer call() throws IOException {
    StackSpec spec = cli.resolve();
    BackupOptions options = throughEngine ? BackupOptions.defaults().withoutHostReads() : BackupOptions.defaults();
    if (daily != null || monthly != null) {
      options = options.withRetention(RetentionPolicy.dailyAndMonthly(daily == null ? 0 : daily, monthly == null ? 0 : monthly));
    }
    try (Engine engine = cli.engine()) {
      VolumeBackup backups = VolumeBackup.on(engine);
      BackupResult result = volumes.isEmpty() ? backups.backup(spec, to, options) : backups.backupVolumes(spec.name(), volumes, to, options);
      if (cli.json) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("archive", result.archive().toString());
        root.put("seconds", result.took().toMillis() / 1000.0);
        var vols = root.putArray("volumes");
        for (VolumeManifest v : result.manifest().volumes()) {
          vols.addObject().put("name", v.name()).put("entries", v.entries()).put("bytes", v.bytes()).put("sha256", v.sha256());
        }
        var held = root.putArray("held");
        result.held().forEach(h -> held.addObject().put("container", h.name()).put("how", h.how()).put("seconds", h.duration().toMillis() / 1000.0));
        var onHost = root.putArray("readOnHost");
        result.readOnHost().forEach(onHost::add);
        var pruned = root.putArray("pruned");
        result.pruned().forEach(p -> pruned.add(p.toString()));
        cli.out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } else {
        cli.out().println(result.archive());
        for (VolumeManifest v : result.manifest().volumes()) {
          cli.out().printf("  %s: %d entries, %d bytes%n", v.name(), v.entries(), v.bytes());
        }
        if (!result.readOnHost().isEmpty()) {
          cli.out().println("  read straight from their directories on this host: " + String.join(", ", result.readOnHost()));
        }
        result.held().forEach(h -> cli.out().printf("  %s %s for %.1f s%n", h.name(), h.how(), h.duration().toMillis() / 1000.0));
        result.pruned().forEach(p -> cli.out().println("  pruned " + p));
      }
      return SentinelCli.OK;
    }
  }
}
