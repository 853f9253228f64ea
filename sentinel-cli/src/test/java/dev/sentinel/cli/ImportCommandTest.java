package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel import}: no engine needed. */
class ImportCommandTest {
  @TempDir Path dir;

  private static CliRun sentinel(String... args) {
    return CliRun.of(args);
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void printsWhatItUnderstoodAsComposeAndWarnsOnStandardError() throws Exception {
    Path compose = write("compose.yml", "name: shop\nx-note: hi\nservices:\n  web:\n    image: nginx:1.25\n    ports: [\"8080:80\"]\n");
    CliRun run = sentinel("import", compose.toString());
    assertThat(run.exitCode()).isEqualTo(SentinelCli.OK);
    assertThat(run.out()).contains("name: shop").contains("host_ip: 0.0.0.0").contains("published: '8080'");
    assertThat(run.err()).contains("warning: compose.yml:2: x-note: extension field ignored");
  }

  @Test
  void writesAJavaDefinitionWithEnvironmentsAndRefusesToOverwriteIt() throws Exception {
    Path compose = write("compose.yml", "services:\n  web:\n    image: web:1\n    environment: {API_TOKEN: abc123}\n");
    Path prod = write("compose.prod.yml", "services:\n  web:\n    deploy: {replicas: 2}\n");
    Path out = dir.resolve("src/main/java");
    CliRun run = sentinel("import", compose.toString(), "--overlay", "production=" + prod, "--project-name", "shop",
        "--java", "com.example.ShopStack", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(SentinelCli.OK);
    Path source = out.resolve("com/example/ShopStack.java");
    assertThat(run.out().strip()).isEqualTo(source.toString());
    assertThat(Files.readString(source)).contains(".environment(\"production\", e -> e")
        .contains(".replicas(2)").contains(".envSecretFile(\"API_TOKEN_FILE\", \"web-api-token\")").doesNotContain("abc123");
    assertThat(run.err()).contains("literal credential replaced by generated secret");

    CliRun again = sentinel("import", compose.toString(), "--java", "com.example.ShopStack", "--out", out.toString());
    assertThat(again.exitCode()).isEqualTo(SentinelCli.USAGE);
    assertThat(again.err()).contains("ShopStack.java exists; pass --force to overwrite it");
    assertThat(sentinel("import", compose.toString(), "--java", "com.example.ShopStack", "--out", out.toString(), "--force").exitCode())
        .isEqualTo(SentinelCli.OK);
  }

  @Test
  void errorsNameFileLineAndPathAndLenientDropsWithWarnings() throws Exception {
    Path compose = write("compose.yml", "services:\n  web:\n    image: web:1\n    isolation: hyperv\n");
    CliRun strict = sentinel("import", compose.toString());
    assertThat(strict.exitCode()).isEqualTo(SentinelCli.FAILED);
    assertThat(strict.err()).contains("error: compose.yml:4: services.web.isolation: \"isolation\" is not supported by Sentinel's model")
        .contains("--lenient drops unsupported attributes");
    CliRun lenient = sentinel("import", compose.toString(), "--lenient");
    assertThat(lenient.exitCode()).isEqualTo(SentinelCli.OK);
    assertThat(lenient.err()).contains("warning: compose.yml:4: services.web.isolation: dropped:");
    assertThat(sentinel("import", compose.toString(), "--overlay", "nofile").err()).contains("--overlay nofile is not ENV=FILE");
  }
}
