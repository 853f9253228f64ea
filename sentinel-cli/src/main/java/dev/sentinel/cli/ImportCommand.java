package dev.sentinel.cli;

import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.compose.ComposeImport;
import dev.sentinel.compose.ComposeImportException;
import dev.sentinel.compose.ComposeImporter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Read Compose files into Sentinel's model and print what it understood as Compose,",
        "or, with --java, write a StackDefinition class that defines the same stack with the DSL."})
final class ImportCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Parameters(arity = "0..*", paramLabel = "COMPOSE_FILE", description = "Compose files; later ones override earlier ones (like docker compose -f); default: the -f files.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--overlay", paramLabel = "ENV=FILE", description = "Import an override file as an environment of the stack (repeatable).")
  List<String> overlays = new ArrayList<>();

  @Option(names = "--java", paramLabel = "CLASS", description = "Generate Java source for this fully qualified class name.")
  String javaClass;

  @Option(names = "--out", defaultValue = "src/main/java", description = "Source root for --java; - prints to standard output (default: ${DEFAULT-VALUE}).")
  String out;

  @Option(names = "--project-name", description = "The stack's name (default: -p, else the files' name: or the first file's directory).")
  String projectName;

  @Option(names = "--env-file", description = "Read variables from this file instead of the .env beside the first Compose file (default: --env-file before the command).")
  Path envFile;

  @Option(names = "--lenient", description = "Drop what the model cannot represent, with a warning each, instead of failing.")
  boolean lenient;

  @Option(names = "--force", description = "Overwrite an existing generated source file.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    ComposeImporter importer = ComposeImporter.create();
    if (lenient) {
      importer = importer.lenient();
    }
    if (javaClass != null) {
      // Generated source never holds a credential: literal ones become generated secrets.
      importer = importer.withCredentialsAsSecrets();
    }
    for (Map.Entry<String, List<Path>> overlay : overlays().entrySet()) {
      importer = importer.withEnvironmentOverlay(overlay.getKey(), overlay.getValue().toArray(Path[]::new));
    }
    List<Path> compose = files.isEmpty() ? cli.composeFiles : files;
    if (compose.isEmpty()) {
      throw new SentinelCli.UsageException("import needs Compose files: sentinel import FILE... (or sentinel -f FILE import)");
    }
    ComposeImport imported;
    try {
      imported = cli.importCompose(importer, compose, projectName != null ? projectName : cli.projectName,
          envFile != null ? envFile : cli.envFile);
    } catch (ComposeImportException e) {
      e.errors().forEach(error -> cli.err().println("error: " + error));
      cli.err().println("sentinel: " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors")
          + (lenient ? "" : "; --lenient drops unsupported attributes with a warning instead"));
      return SentinelCli.FAILED;
    }
    if (javaClass == null) {
      cli.out().print(ComposeExporter.create().compose(imported.stack().base()));
      return SentinelCli.OK;
    }
    if (out.equals("-")) {
      cli.out().print(imported.toJava(javaClass));
      return SentinelCli.OK;
    }
    try {
      cli.out().println(imported.writeJava(javaClass, Path.of(out), force));
    } catch (FileAlreadyExistsException e) {
      throw new SentinelCli.UsageException(e.getFile() + " exists; pass --force to overwrite it");
    }
    return SentinelCli.OK;
  }

  private Map<String, List<Path>> overlays() {
    Map<String, List<Path>> byEnvironment = new LinkedHashMap<>();
    for (String overlay : overlays) {
      int eq = overlay.indexOf('=');
      if (eq <= 0 || eq == overlay.length() - 1) {
        throw new SentinelCli.UsageException("--overlay " + overlay + " is not ENV=FILE (e.g. production=docker-compose.prod.yml)");
      }
      byEnvironment.computeIfAbsent(overlay.substring(0, eq), k -> new ArrayList<>()).add(Path.of(overlay.substring(eq + 1)));
    }
    return byEnvironment;
  }
}
