package dev.sentinel.backup;

import dev.sentinel.runtime.Engine;
import java.nio.file.Path;
import java.util.List;

/** Backs up one volume in a process of its own, for the tests that kill a backup or make it fail. */
public final class BackupMain {
  private BackupMain() {}

  public static void main(String[] args) throws Exception {
    try (Engine engine = Engine.fromEnvironment()) {
      // gzip of random data barely compresses, so the archive grows as fast as it is read.
      Compression compression = args.length > 2 && args[2].equals("gzip") ? Compression.GZIP : Compression.ZSTD;
      VolumeBackup.on(engine).backupVolumes("killed", List.of(args[0]), Path.of(args[1]),
          BackupOptions.defaults().withCompression(compression, compression == Compression.GZIP ? 1 : 19)
              .withExtraLabels(java.util.Map.of("dev.sentinel.test", "BackupMain")));
    }
  }
}
