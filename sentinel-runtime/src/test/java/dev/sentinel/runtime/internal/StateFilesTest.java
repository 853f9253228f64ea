package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.secret.FileSecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
  @TempDir Path state;

  private static StackSpec stack(String config, boolean withWorker) {
    return Stack.define("shop", s -> {
      s.secret("token", x -> x.generated(16)).config("app", c -> c.content(config))
          .service("api", a -> a.image("busybox").config("app", "/etc/app.conf").secret("token"));
      if (withWorker) {
        s.service("worker", w -> w.image("busybox").secret("token"));
      }
    }).base();
  }

  @Test
  void removeUnusedDeletesAnOldConfigVersionAndARemovedServicesSecretButKeepsWhatIsMounted() throws IOException {
    StateFiles files = new StateFiles(state, "shop");
    FileSecretStore secrets = FileSecretStore.at(state.resolve("secrets"));
    StackSpec v1 = stack("version = 1\n", true);
    files.write(v1, v1.services(), secrets);
    StackSpec v2 = stack("version = 2\n", false);
    files.write(v2, v2.services(), secrets);
    assertThat(relativeFiles()).hasSize(4); // two config versions, api's and worker's secret

    files.removeUnused(v2, v2.services(), java.util.Set.of());

    Path config = files.configPaths(v2).get("app");
    assertThat(relativeFiles()).containsExactlyInAnyOrder(state.relativize(config).toString(), "run/shop/secrets/api/token");
    assertThat(Files.readString(config)).isEqualTo("version = 2\n");
    assertThat(state.resolve("run/shop/secrets/worker")).doesNotExist();
  }

  private List<String> relativeFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(state.resolve("run"))) {
      return walk.filter(Files::isRegularFile).map(p -> state.relativize(p).toString()).toList();
    }
  }
}
