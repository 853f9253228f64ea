package dev.sentinel.backup;

import dev.sentinel.runtime.Engine;
import java.nio.file.Path;

/** Restores one volume of an archive under a new name in a process of its own, for the test that kills a restore. */
public final class RestoreMain {
  private RestoreMain() {}

  public static void main(String[] args) throws Exception {
    try (Engine engine = Engine.fromEnvironment()) {
      VolumeBackup.on(engine).restore(Path.of(args[0]), RestoreOptions.defaults().rename(args[1], args[2])
          .withExtraLabels(java.util.Map.of("dev.sentinel.test", "RestoreMain")));
    }
  }
}
