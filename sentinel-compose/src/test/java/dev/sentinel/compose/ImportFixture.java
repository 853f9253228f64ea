package dev.sentinel.compose;

import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes Compose text into a directory and imports it, for tests of single constructs. */
final class ImportFixture {
  static final Map<String, String> VARIABLES = Map.of("TAG", "1.4", "EMPTY", "", "DB_PASSWORD", "from-env");

  private final Path dir;

  ImportFixture(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code text} to {@code name} and returns its path. */
  Path file(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ComposeImporter importer() {
    return ComposeImporter.create().withVariables(VARIABLES).withProjectName("test");
  }

  /** Imports {@code yaml} as compose.yml, strictly. */
  ComposeImport imported(String yaml) {
    return importer().importFiles(file("compose.yml", yaml));
  }

  StackSpec spec(String yaml) {
    return imported(yaml).stack().base();
  }

  /** The service {@code name} of {@code yaml}. */
  Service service(String yaml, String name) {
    return spec(yaml).service(name);
  }

  /** The message of the import's failure. */
  String error(String yaml) {
    try {
      imported(yaml);
    } catch (ComposeImportException e) {
      return e.getMessage();
    }
    throw new AssertionError("the import did not fail:\n" + yaml);
  }
}
