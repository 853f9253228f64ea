package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.FullFeatureStack;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated StackDefinition: readable, free of credentials, and the same stack as the import. */
class JavaGenerationTest {
  @TempDir Path dir;
  ImportFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ImportFixture(dir);
  }

  @Test
  void oneCallPerConceptWithTheFilesCommentsAndTypedArguments() {
    ComposeImport imported = fx.imported("""
        # The shop.
        services:
          # The API, behind the proxy.
          api:
            image: shop/api:1.4  # pinned
            depends_on:
              db: {condition: service_healthy}
            secrets:
              - {source: tls, target: /etc/tls.key, mode: 0400}
          db:
            image: postgres:16
            healthcheck: {test: [CMD, pg_isready]}
        secrets:
          tls: {file: ./tls.key}
        """);
    String java = imported.toJava("com.example.ShopStack");
    assertThat(java)
        .contains("package com.example;")
        .contains("public final class ShopStack implements StackDefinition {")
        .contains(" * The shop.")
        .contains("// The API, behind the proxy.\n        .service(\"api\", svc -> svc")
        .contains("// pinned\n            .image(\"shop/api:1.4\")")
        .contains(".dependsOn(\"db\", Dependency.Condition.HEALTHY)")
        .contains(".secret(new FileMount(\"tls\", \"/etc/tls.key\", Optional.empty(), Optional.empty(), Optional.of(0400)))")
        .contains(".healthCheck(h -> h\n                .command(\"pg_isready\"))");
  }

  @Test
  void literalCredentialsBecomeGeneratedSecretsWithATodo() throws Exception {
    Path compose = fx.file("compose.yml", """
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: hunter2
              POSTGRES_USER: shop
              RABBIT_PASS: ${RABBIT_PASS:-guest}
        """);
    assertThatThrownBy(() -> fx.importer().importFiles(compose).toJava("com.example.Db"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("services.db.environment.POSTGRES_PASSWORD")
        .hasMessageContaining("withCredentialsAsSecrets()");

    ComposeImport imported = fx.importer().withCredentialsAsSecrets().importFiles(compose);
    String java = imported.toJava("com.example.Db");
    assertThat(java).doesNotContain("hunter2").doesNotContain("guest")
        .contains("// TODO: replaces the literal value of services.db.environment.POSTGRES_PASSWORD")
        .contains(".secret(\"db-postgres-password\", x -> x\n            .generated(32))")
        .contains("// TODO: POSTGRES_PASSWORD was a literal credential; check that the image reads POSTGRES_PASSWORD_FILE")
        .contains(".envSecretFile(\"POSTGRES_PASSWORD_FILE\", \"db-postgres-password\")")
        .contains(".envFromHost(\"RABBIT_PASS\", \"RABBIT_PASS\")")
        .contains(" * <p>Import notes:\n * <ul>\n *   <li>compose.yml:5: services.db.environment.POSTGRES_PASSWORD: literal credential replaced");
    StackSpec spec = imported.stack().base();
    assertThat(spec.secrets().get("db-postgres-password").source()).isInstanceOf(Secret.Source.Generated.class);
    assertThat(spec.service("db").environment().variables().get("POSTGRES_PASSWORD_FILE")).isEqualTo(new EnvValue.SecretFile("db-postgres-password"));
    assertThat(imported.warnings()).extracting(ImportNote::toString).contains(
        "compose.yml:5: services.db.environment.POSTGRES_PASSWORD: literal credential replaced by generated secret \"db-postgres-password\", passed as POSTGRES_PASSWORD_FILE");

    Stack defined = define("com.example.Db", java);
    assertThat(defined.base()).isEqualTo(spec);
  }

  @Test
  void urlsWithPasswordsAreReadFromTheHostAndCredentialBuildArgsAreRefused() {
    Path compose = fx.file("compose.yml", """
        services:
          app:
            image: app:1
            environment:
              DATABASE_URL: postgres://shop:hunter2@db:5432/shop
              CACHE_URL: redis://cache:6379/0
        """);
    ComposeImport imported = fx.importer().withCredentialsAsSecrets().importFiles(compose);
    assertThat(imported.toJava("com.example.App")).doesNotContain("hunter2")
        .contains("// TODO: DATABASE_URL was a URL with a password in it; set DATABASE_URL on the deploying host")
        .contains(".envFromHost(\"DATABASE_URL\", \"DATABASE_URL\")")
        .contains(".env(\"CACHE_URL\", \"redis://cache:6379/0\")");
    assertThatThrownBy(() -> fx.importer().importFiles(compose).toJava("com.example.App"))
        .hasMessageContaining("services.app.environment.DATABASE_URL");

    Path build = fx.file("compose.yml", "services:\n  app:\n    build:\n      context: .\n      args: {NPM_TOKEN: abc123, NODE_ENV: production}\n");
    assertThatThrownBy(() -> fx.importer().withCredentialsAsSecrets().importFiles(build))
        .hasMessageContaining("compose.yml:5: services.app.build.args.NPM_TOKEN: build arg NPM_TOKEN holds a literal credential");
    assertThat(fx.importer().importFiles(build).stack().base().service("app").imageSource().build().get().args()).containsEntry("NPM_TOKEN", "abc123");
  }

  @Test
  void writesUnderItsPackageAndNeverOverwritesUnasked() throws Exception {
    ComposeImport imported = fx.imported("services:\n  a: {image: a:1}\n");
    Path root = dir.resolve("src/main/java");
    Path written = imported.writeJava("com.example.app.AppStack", root, false);
    assertThat(written).isEqualTo(root.resolve("com/example/app/AppStack.java"));
    Files.writeString(written, "// edited by hand\n");
    assertThatThrownBy(() -> imported.writeJava("com.example.app.AppStack", root, false)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(written)).isEqualTo("// edited by hand\n");
    imported.writeJava("com.example.app.AppStack", root, true);
    assertThat(Files.readString(written)).contains("class AppStack");
    assertThatThrownBy(() -> imported.toJava("com.example.lowercase")).hasMessageContaining("is not a fully qualified class name");
    assertThatThrownBy(() -> imported.toJava("com.example.class.X")).hasMessageContaining("is not a fully qualified class name");
  }

  /**
   * A stack using every feature of the model, exported, imported and exported again, gives the same
   * file; and the Java generated from the import defines the same stack.
   */
  @Test
  void theExportOfEveryFeatureSurvivesImportAndGeneration() throws Exception {
    Stack original = FullFeatureStack.define();
    ComposeExporter exporter = ComposeExporter.create();
    for (String env : original.environments().keySet()) {
      String exported = exporter.compose(original.resolve(env));
      Path file = fx.file(env + "/docker-compose.yml", exported);
      ComposeImport imported = ComposeImporter.create().withVariables(java.util.Map.of("ATS_LICENSE_KEY", "x")).importFiles(file);
      assertThat(exporter.compose(imported.stack().base())).as(env).isEqualTo(exported);

      String className = "generated.FullFeature" + Character.toUpperCase(env.charAt(0)) + env.substring(1);
      Stack defined = define(className, imported.toJava(className));
      assertThat(defined.base()).as(env).isEqualTo(imported.stack().base());
    }
  }

  @Test
  void anEmptyOverlayAndAMinimalFileGenerateJavaThatCompilesToTheSameStack() throws Exception {
    Path base = fx.file("minimal/compose.yml", "services:\n  web:\n    image: nginx:1.27\n");
    Path empty = fx.file("minimal/empty.yml", "# nothing changes in development\nservices: {}\n");
    ComposeImport imported = ComposeImporter.create().withEnvironmentOverlay("development", empty).importFiles(base);
    String java = imported.toJava("generated.Minimal");
    assertThat(java).contains(".environment(\"development\", e -> {})");
    Stack defined = define("generated.Minimal", java);
    assertThat(defined.base()).isEqualTo(imported.stack().base());
    assertThat(defined.resolve("development")).isEqualTo(imported.stack().resolve("development"));
    assertThat(defined.base().service("web").imageSource().image().map(Object::toString)).contains("nginx:1.27");
  }

  private Stack define(String className, String java) throws Exception {
    Class<?> type = JavaSourceCompiler.compile(className, java, dir.resolve("javac-" + className));
    return ((StackDefinition) type.getConstructor().newInstance()).define();
  }
}
