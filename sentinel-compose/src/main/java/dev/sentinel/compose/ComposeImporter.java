package dev.sentinel.compose;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sentinel.dsl.InvalidStackException;
import dev.sentinel.dsl.Problem;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.compose.ComposeNode.Location;
import dev.sentinel.compose.DslCall.Configurer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Compose files into a {@link Stack}. Several files merge like {@code docker compose -f a.yml
 * -f b.yml} (each later file is applied with the DSL's overlay rules, which are Compose's override
 * rules); variables are interpolated as Compose does, from the process environment over a {@code
 * .env} file beside the first file (or {@link #withEnvFile}). Strict by default: whatever the model cannot represent is an
 * error naming file, line and path; {@link #lenient()} drops it with a warning instead. Nothing is
 * dropped silently.
 *
 * <pre>{@code
 * ComposeImport imported = ComposeImporter.create()
 *     .withEnvironmentOverlay("production", Path.of("docker-compose.prod.yml"))
 *     .importFiles(Path.of("docker-compose.yml"));
 * Stack stack = imported.stack();
 * imported.warnings().forEach(System.err::println);
 * String java = imported.toJava("com.example.ShopStack");
 * }</pre>
 */
public final class ComposeImporter {
  private final ImportOptions options;
  private final Optional<Map<String, String>> variables;
  private final Optional<String> projectName;
  private final Map<String, List<Path>> overlays;
  private final Optional<Path> envFile;

  private ComposeImporter(ImportOptions options, Optional<Map<String, String>> variables, Optional<String> projectName,
      Map<String, List<Path>> overlays, Optional<Path> envFile) {
    this.options = options;
    this.variables = variables;
    this.projectName = projectName;
    this.overlays = ImmutableMap.copyOf(overlays);
    this.envFile = envFile;
  }

  /** A strict importer reading variables from the process environment. */
  public static ComposeImporter create() {
    return new ComposeImporter(new ImportOptions(false, false, false), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
  }

  /** Drops what the model cannot represent, reporting each as a warning, instead of failing. */
  public ComposeImporter lenient() {
    return new ComposeImporter(new ImportOptions(true, options.credentialsAsSecrets(), options.absoluteHostPaths()), variables, projectName, overlays, envFile);
  }

  /**
   * Turns literal credentials in environments ({@code POSTGRES_PASSWORD: hunter2}) into generated
   * secrets passed as {@code *_FILE} variables, each reported as a warning. Required before {@link
   * ComposeImport#toJava}: generated source never holds a credential.
   */
  public ComposeImporter withCredentialsAsSecrets() {
    return new ComposeImporter(new ImportOptions(options.lenient(), true, options.absoluteHostPaths()), variables, projectName, overlays, envFile);
  }

  /**
   * Makes relative host paths (bind sources, build contexts, secret and config files) absolute,
   * resolved against the project directory (the first file's), as {@code docker compose -f
   * dir/compose.yaml up} reads them from any working directory. For running a file in place; an
   * import meant to become Java keeps them relative, so the project can move.
   */
  public ComposeImporter withAbsoluteHostPaths() {
    return new ComposeImporter(new ImportOptions(options.lenient(), options.credentialsAsSecrets(), true), variables, projectName, overlays, envFile);
  }

  /** Interpolates from {@code values} (over the {@code .env} file) instead of the process environment. */
  public ComposeImporter withVariables(Map<String, String> values) {
    return new ComposeImporter(options, Optional.of(ImmutableMap.copyOf(values)), projectName, overlays, envFile);
  }

  /** The stack's name, instead of the files' {@code name:} or the first file's directory. */
  public ComposeImporter withProjectName(String name) {
    return new ComposeImporter(options, variables, Optional.of(checkNotNull(name, "name")), overlays, envFile);
  }

  /**
   * Imports {@code files} (override files, in order) as the environment {@code environment} of the
   * stack, e.g. {@code docker-compose.prod.yml} as "production".
   */
  public ComposeImporter withEnvironmentOverlay(String environment, Path... files) {
    checkArgument(files.length > 0, "environment \"%s\" needs at least one file", environment);
    Map<String, List<Path>> all = new LinkedHashMap<>(overlays);
    all.put(checkNotNull(environment, "environment"), List.of(files));
    return new ComposeImporter(options, variables, projectName, all, envFile);
  }

  /**
   * Reads variables from {@code file} instead of the {@code .env} beside the first Compose file
   * (Compose's {@code --env-file}); the file must exist.
   */
  public ComposeImporter withEnvFile(Path file) {
    return new ComposeImporter(options, variables, projectName, overlays, Optional.of(checkNotNull(file, "file")));
  }

  /** @see #importFiles(List) */
  public ComposeImport importFiles(Path... files) {
    return importFiles(List.of(files));
  }

  /**
   * Imports {@code files}, later ones overriding earlier ones.
   *
   * @throws ComposeImportException listing every error with file, line and path
   * @throws IllegalArgumentException when no file is given
   */
  public ComposeImport importFiles(List<Path> files) {
    checkArgument(!files.isEmpty(), "no Compose file given");
    ImportContext cx = new ImportContext(options.lenient());
    Path first = files.get(0).toAbsolutePath();
    Path projectDirectory = first.getParent();
    Map<String, String> vars = variables(projectDirectory, cx);
    StackCalls generated = new StackCalls();
    StackMapper mapper = new StackMapper(cx, options, vars, generated, projectDirectory);

    StackCalls base = new StackCalls();
    Optional<String> declaredName = Optional.empty();
    for (Path file : files) {
      StackMapper.LoadedFile loaded = mapper.load(file, display(projectDirectory, file));
      Optional<String> named = mapper.name(loaded);
      if (named.isPresent()) {
        declaredName = named;
      }
      mapper.map(loaded, base);
    }
    Map<String, StackCalls> environments = new LinkedHashMap<>();
    overlays.forEach((env, envFiles) -> {
      StackCalls overlay = new StackCalls();
      envFiles.forEach(f -> mapper.map(mapper.load(f, display(projectDirectory, f)), overlay));
      environments.put(env, overlay);
    });
    String name = projectName.orElse(declaredName.orElse(defaultProjectName(first)));
    if (!cx.errors().isEmpty()) {
      throw new ComposeImportException(cx.errors());
    }

    List<DslCall> calls = new ArrayList<>(generated.toCalls());
    calls.addAll(base.toCalls());
    environments.forEach((env, overlay) -> calls.add(DslCall.of("environment", env, new Configurer("e", overlay.toCalls()))));
    Stack stack = build(name, calls, cx);
    List<String> sources = new ArrayList<>(files.stream().map(f -> display(projectDirectory, f)).toList());
    overlays.forEach((env, envFiles) -> envFiles.forEach(f -> sources.add(display(projectDirectory, f) + " (" + env + ")")));
    return new ComposeImport(stack, cx.warnings(), calls, sources, options.credentialsAsSecrets(), cx.headerComments());
  }

  private static Stack build(String name, List<DslCall> calls, ImportContext cx) {
    StackBuilder builder = Stack.builder(name);
    try {
      calls.forEach(c -> c.applyTo(builder));
      return builder.build();
    } catch (InvalidStackException e) {
      List<ImportNote> errors = new ArrayList<>();
      for (Problem p : e.problems()) {
        String path = p.path().replaceFirst("^environments\\.[^.]+\\.", "");
        Location at = cx.locate(path).orElse(new Location("(stack)", 0));
        errors.add(new ImportNote(ImportNote.Level.ERROR, at.file(), at.line(), p.path(), p.message()));
      }
      throw new ComposeImportException(errors);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A builder refused a value no mapper checked; the message is the builder's.
      throw new ComposeImportException(List.of(new ImportNote(ImportNote.Level.ERROR, "(stack)", 0, "", e.toString())));
    }
  }

  /** Compose's precedence: the process environment (or {@link #withVariables}) over {@code .env} beside the first file. */
  private Map<String, String> variables(Path projectDirectory, ImportContext cx) {
    Map<String, String> outer = variables.orElseGet(System::getenv);
    Map<String, String> all = new LinkedHashMap<>();
    Path dotEnv = envFile.orElse(projectDirectory.resolve(".env"));
    if (envFile.isPresent() || Files.isRegularFile(dotEnv)) {
      try {
        all.putAll(DotEnv.read(dotEnv, envFile.map(f -> display(projectDirectory, f)).orElse(".env"), outer));
      } catch (ComposeImportException e) {
        cx.errors().addAll(e.errors());
      }
    }
    all.putAll(outer);
    return all;
  }

  /** Compose's default project name: the directory's name, lower-cased, other characters than {@code [a-z0-9_-]} dropped. */
  static String defaultProjectName(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String raw = dir == null || dir.getFileName() == null ? "stack" : dir.getFileName().toString();
    String name = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceFirst("^[_-]+", "");
    return name.isEmpty() ? "stack" : name;
  }

  /** A file as messages name it: relative to the project directory (the first file's), else absolute. */
  private static String display(Path projectDirectory, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path project = projectDirectory.normalize();
    return abs.startsWith(project) ? project.relativize(abs).toString() : abs.toString();
  }
}
