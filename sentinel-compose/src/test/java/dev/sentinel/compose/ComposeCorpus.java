package dev.sentinel.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Compose files of {@code src/test/resources/compose-corpus}: one directory per realistic stack,
 * with {@code compose.yml}, optionally {@code compose.override.yml} (merged like {@code -f a -f b})
 * and {@code compose.<environment>.yml} (imported as that environment), plus whatever files they
 * refer to.
 */
final class ComposeCorpus {
  /** The variables every case is interpolated with, by the import and by {@code docker compose}. */
  static final Map<String, String> VARIABLES = Map.ofEntries(
      Map.entry("APP_TAG", "2.3.1"),
      Map.entry("POSTGRES_PASSWORD", "pg-from-env"),
      Map.entry("WORDPRESS_DB_PASSWORD", "wp-from-env"),
      Map.entry("KC_DB_PASSWORD", "kc-from-env"),
      Map.entry("MINIO_ROOT_PASSWORD", "minio-from-env"),
      Map.entry("GRAFANA_ADMIN_PASSWORD", "grafana-from-env"),
      Map.entry("N8N_ENCRYPTION_KEY", "n8n-from-env"),
      Map.entry("DOMAIN", "example.test"),
      Map.entry("DB_HOST", "db.internal"));

  /** One case, copied to a directory of its own. */
  record Case(String name, Path dir, List<Path> baseFiles, Map<String, Path> environments) {
    ComposeImporter importer() {
      ComposeImporter importer = ComposeImporter.create().withVariables(VARIABLES);
      for (Map.Entry<String, Path> env : environments.entrySet()) {
        importer = importer.withEnvironmentOverlay(env.getKey(), env.getValue());
      }
      return importer;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private ComposeCorpus() {}

  static Path root() {
    try {
      return Path.of(ComposeCorpus.class.getResource("/compose-corpus").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> names() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies case {@code name} into {@code workspace} (the copy's directory name is the case's name). */
  static Case copy(String name, Path workspace) throws IOException {
    Path source = root().resolve(name);
    Path target = workspace.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    List<Path> base = new ArrayList<>(List.of(target.resolve("compose.yml")));
    if (Files.exists(target.resolve("compose.override.yml"))) {
      base.add(target.resolve("compose.override.yml"));
    }
    Map<String, Path> environments = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(target)) {
      files.map(p -> p.getFileName().toString())
          .filter(f -> f.matches("compose\\.[a-z]+\\.yml") && !f.equals("compose.override.yml"))
          .sorted()
          .forEach(f -> environments.put(f.substring("compose.".length(), f.length() - ".yml".length()), target.resolve(f)));
    }
    return new Case(name, target, base, environments);
  }
}
