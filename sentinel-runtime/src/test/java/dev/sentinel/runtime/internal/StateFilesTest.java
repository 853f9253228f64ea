package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host files a Sentinel before files volumes left under run/<stack>/ go, except those a kept apply still mounts. */
class StateFilesTest {
  @TempDir Path state;

  @Test
  void removeUnusedDeletesEveryOldFileButTheKeptOnesAndEmptyDirectories() throws IOException {
    Path run = state.resolve("run/shop");
    Path kept = write(run.resolve("secrets/api/token"));
    write(run.resolve("secrets/worker/token"));
    write(run.resolve("configs/app-111111111111"));
    Path keptConfig = write(run.resolve("configs/app-222222222222"));

    new StateFiles(state, "shop").removeUnused(Set.of(kept, keptConfig));

    assertThat(relativeFiles()).containsExactlyInAnyOrder("run/shop/secrets/api/token", "run/shop/configs/app-222222222222");
    assertThat(run.resolve("secrets/worker")).doesNotExist();

    new StateFiles(state, "shop").removeUnused(Set.of());
    assertThat(relativeFiles()).isEmpty();
  }

  private static Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "x");
  }

  private List<String> relativeFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(state.resolve("run"))) {
      return walk.filter(Files::isRegularFile).map(p -> state.relativize(p).toString()).toList();
    }
  }
}
