package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Compose file run in place ({@code sentinel -f dir/compose.yaml up} from another directory)
 * reads its relative paths from its own directory, as docker compose does; an import meant to
 * become Java keeps them relative.
 */
class RunInPlacePathsTest {
  private static final String COMPOSE = """
      services:
        app:
          build: ./app
          volumes: ["./html:/srv/html:ro", "/var/log:/host-log:ro"]
          secrets: [token]
          configs: [motd]
      secrets:
        token: {file: ./token.txt}
      configs:
        motd: {file: ../shared/motd}
      """;

  @Test
  void runInPlaceResolvesBindSourcesBuildContextsAndSecretAndConfigFilesAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Path file = Files.writeString(project.resolve("compose.yaml"), COMPOSE);
    StackSpec spec = ComposeImporter.create().withAbsoluteHostPaths().importFiles(List.of(file)).stack().base();
    String root = project.toAbsolutePath().normalize().toString();
    assertThat(spec.service("app").imageSource().build().orElseThrow().context()).isEqualTo(root + "/app");
    assertThat(spec.service("app").storage().mounts()).extracting(m -> ((Mount.BindMount) m).source()).containsExactly(root + "/html", "/var/log");
    assertThat(((Secret.Source.FromFile) spec.secrets().get("token").source()).path()).isEqualTo(root + "/token.txt");
    assertThat(((Config.Source.FromFile) spec.configs().get("motd").source()).path())
        .isEqualTo(dir.toAbsolutePath().normalize().resolve("shared/motd").toString());
  }

  @Test
  void anImportForJavaKeepsThePathsRelative(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
    StackSpec spec = ComposeImporter.create().importFiles(List.of(file)).stack().base();
    assertThat(spec.service("app").imageSource().build().orElseThrow().context()).isEqualTo("./app");
    assertThat(((Secret.Source.FromFile) spec.secrets().get("token").source()).path()).isEqualTo("./token.txt");
  }
}
