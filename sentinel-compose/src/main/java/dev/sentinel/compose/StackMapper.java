package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps whole Compose files: reads and interpolates them, walks the top-level sections, resolves
 * {@code extends} (within a file and across files) and hands each service to {@link ServiceMapper}.
 */
final class StackMapper {
  /** A read, interpolated file. */
  record LoadedFile(Path path, String displayName, Mapping root, Map<String, String> variables) {
    Path directory() {
      Path parent = path.toAbsolutePath().getParent();
      return parent == null ? Path.of(".") : parent;
    }
  }

  private static final Pattern ENVIRONMENT_VALUE = Pattern.compile("services\\.[^.]+\\.environment(\\.[^.]+|\\[\\d+])");

  private final ImportContext cx;
  private final Path projectDirectory;
  private final Map<String, String> variables;
  private final ServiceMapper services;
  private final DeclarationMapper declarations;
  private final Map<Path, LoadedFile> loaded = new HashMap<>();
  private final Set<String> reportedUnset = new LinkedHashSet<>();
  private final ImportOptions options;

  StackMapper(ImportContext cx, ImportOptions options, Map<String, String> variables, StackCalls extraStackCalls, Path projectDirectory) {
    this.cx = cx;
    this.options = options;
    this.projectDirectory = projectDirectory;
    this.variables = Map.copyOf(variables);
    this.services = new ServiceMapper(cx, options, extraStackCalls, projectDirectory);
    this.declarations = new DeclarationMapper(cx);
  }

  /** Reads and interpolates {@code file}; read once per run. @throws ComposeImportException when it is not YAML */
  LoadedFile load(Path file, String displayName) {
    return load(file, displayName, variables, Set.of());
  }

  /**
   * Reads {@code file}, interpolated with {@code variables} (an included file has its own).
   * {@code fromOwnEnvFiles} are the variables only the file's own env files define: an environment
   * value referring to one of them is resolved now, since it is the project's value, not a host's.
   */
  private LoadedFile load(Path file, String displayName, Map<String, String> variables, Set<String> fromOwnEnvFiles) {
    Interpolation interpolation = new Interpolation(variables);
    Path key = file.toAbsolutePath().normalize();
    LoadedFile done = loaded.get(key);
    if (done != null) {
      return done;
    }
    Mapping raw = ComposeFileReader.read(file, displayName);
    Mapping root = (Mapping) ComposeNode.mapScalars(raw, "", (path, scalar) -> {
      // An environment value that is one reference stays a reference (read at deploy time), so it
      // may be unset or required here without an error.
      Optional<Interpolation.Reference> reference = ENVIRONMENT_VALUE.matcher(path).matches()
          ? Interpolation.wholeReference(environmentValue(scalar.text())) : Optional.empty();
      boolean ownValue = reference.filter(r -> fromOwnEnvFiles.contains(r.variable())).isPresent();
      boolean keptAsReference = reference.isPresent() && !ownValue;
      try {
        String text = interpolation.resolve(scalar.text());
        for (String variable : interpolation.drainUnset()) {
          if (!keptAsReference && reportedUnset.add(variable)) {
            cx.warning(scalar.location(), path, "variable " + variable + " is not set; it became an empty string");
          }
        }
        return ownValue ? scalar.resolved(text) : scalar.interpolated(text);
      } catch (Interpolation.Failure e) {
        interpolation.drainUnset();
        if (!keptAsReference) {
          cx.error(scalar.location(), path, e.getMessage());
        }
        return scalar;
      }
    });
    LoadedFile result = new LoadedFile(file, displayName, root, variables);
    loaded.put(key, result);
    return result;
  }

  /** The value part of an environment entry: {@code KEY=value} in list form, the scalar itself in map form. */
  private static String environmentValue(String text) {
    int eq = text.indexOf('=');
    return eq < 0 || text.startsWith("${") ? text : text.substring(eq + 1);
  }

  /** The project name the file sets with {@code name:}, if any. */
  Optional<String> name(LoadedFile file) {
    return file.root().get("name").flatMap(n -> cx.string(n, "name"));
  }

  /** Adds what {@code file} defines to {@code into}. */
  void map(LoadedFile file, StackCalls into) {
    map(file, into, projectDirectory, new HashSet<>());
  }

  /**
   * Adds what {@code file} defines, its relative paths relative to {@code relativeTo}: the project
   * directory for {@code -f} files (as Compose reads them), an included file's own directory.
   */
  private void map(LoadedFile file, StackCalls into, Path relativeTo, Set<Path> including) {
    HostPaths paths = new HostPaths(projectDirectory, relativeTo, options.absoluteHostPaths());
    including.add(file.path().toAbsolutePath().normalize());
    file.root().get("include").ifPresent(include -> include(file, include, into, including));
    file.root().entries().keySet().stream().findFirst().ifPresent(first -> cx.headerComments().addAll(file.root().commentsOf(first)));
    file.root().entries().forEach((key, value) -> {
      switch (key) {
        case "name" -> { }
        case "version" -> cx.warning(value.location(), key, "obsolete; ignored (as Compose does)");
        case "services" -> cx.mapping(value, key)
            .ifPresent(m -> m.entries().forEach((name, svc) -> service(file, relativeTo, name, svc, m.commentsOf(name), into)));
        case "networks", "volumes", "secrets", "configs" -> cx.mapping(value, key).ifPresent(m -> m.entries().forEach((name, def) -> {
          cx.located(key + "." + name, def);
          declarations.declare(key, name, def, m.commentsOf(name), paths, into);
        }));
        case "include" -> { }
        default -> {
          if (key.startsWith("x-")) {
            cx.warning(value.location(), key, "extension field ignored (Compose ignores it too; anchors defined in it were applied)");
          } else {
            cx.error(value.location(), key, "\"" + key + "\" is not a top-level key of the Compose Specification");
          }
        }
      }
    });
  }

  private void service(LoadedFile file, Path relativeTo, String name, ComposeNode node, List<String> comments, StackCalls into) {
    String path = "services." + name;
    cx.located(path, node);
    if (node.tag().filter(t -> t.equals("!reset")).isPresent()) {
      into.removeService(name);
      return;
    }
    Optional<Mapping> svc = node instanceof Scalar s && s.isNull() ? Optional.of(new Mapping(Map.of(), Map.of(), node.location(), Optional.empty()))
        : cx.mapping(node, path);
    svc.ifPresent(m -> into.service(name, serviceCalls(file, relativeTo, name, m, path, new HashSet<>()), comments));
  }

  /**
   * Compose's {@code include}: each included file is a model of its own (paths relative to its
   * directory, or to its {@code project_directory}) whose elements join the stack; one that the
   * including file also defines is an error, as in Compose.
   */
  private void include(LoadedFile file, ComposeNode include, StackCalls into, Set<Path> including) {
    cx.forEachItem(include, "include", (entry, p) -> {
      List<String> files = new ArrayList<>();
      List<String> envFiles = new ArrayList<>();
      Optional<String> projectDir = Optional.empty();
      if (entry instanceof Mapping m) {
        m.get("path").ifPresent(x -> files.addAll(cx.strings(x, p + ".path", true)));
        projectDir = m.get("project_directory").flatMap(x -> cx.string(x, p + ".project_directory"));
        m.get("env_file").ifPresent(x -> envFiles.addAll(cx.strings(x, p + ".env_file", true)));
        m.entries().forEach((k, x) -> {
          if (!k.equals("path") && !k.equals("project_directory") && !k.equals("env_file")) {
            cx.unsupported(x.location(), p + "." + k, "include setting \"" + k + "\" is not supported");
          }
        });
      } else {
        cx.string(entry, p).ifPresent(files::add);
      }
      for (String f : files) {
        Path target = file.directory().resolve(f).toAbsolutePath().normalize();
        if (including.contains(target)) {
          cx.error(entry.location(), p, f + " includes itself (directly or through other files)");
          continue;
        }
        LoadedFile included;
        try {
          Map<String, String> own = includedVariables(file, target, projectDir, envFiles, entry, p);
          Set<String> fromOwnEnvFiles = new HashSet<>(own.keySet());
          fromOwnEnvFiles.removeAll(file.variables().keySet());
          included = load(target, f, own, fromOwnEnvFiles);
        } catch (ComposeImportException e) {
          e.errors().forEach(n -> cx.error(entry.location(), p, n.toString()));
          continue;
        }
        for (String clash : sharedNames(file, included)) {
          cx.error(entry.location(), p, clash + " is defined both here and in the included " + f);
        }
        Path relativeTo = projectDir.map(d -> file.directory().resolve(d).normalize()).orElse(included.directory());
        map(included, into, relativeTo, new HashSet<>(including));
      }
    });
  }

  /**
   * The variables an included file is interpolated with, as Compose 2.26 gives them: the including
   * file's own win; its {@code env_file}s (relative to the including file), else the {@code .env}
   * of its project directory, supply the others.
   */
  private Map<String, String> includedVariables(LoadedFile including, Path target, Optional<String> projectDir, List<String> envFiles,
      ComposeNode entry, String at) {
    Path directory = projectDir.map(d -> including.directory().resolve(d).normalize()).orElse(target.getParent());
    List<Path> files = envFiles.isEmpty()
        ? Optional.of(directory.resolve(".env")).filter(Files::isRegularFile).stream().toList()
        : envFiles.stream().map(e -> including.directory().resolve(e).normalize()).toList();
    Map<String, String> merged = new LinkedHashMap<>();
    for (Path envFile : files) {
      if (!Files.isRegularFile(envFile)) {
        cx.error(entry.location(), at + ".env_file", "env file " + including.directory().relativize(envFile) + " does not exist");
        continue;
      }
      try {
        merged.putAll(DotEnv.read(envFile, including.directory().relativize(envFile).toString(), including.variables()));
      } catch (ComposeImportException e) {
        e.errors().forEach(n -> cx.error(entry.location(), at + ".env_file", n.toString()));
      }
    }
    merged.putAll(including.variables());
    return merged;
  }

  /** The elements ({@code services.web}, ...) both files define. */
  private static List<String> sharedNames(LoadedFile a, LoadedFile b) {
    List<String> shared = new ArrayList<>();
    for (String section : List.of("services", "networks", "volumes", "secrets", "configs")) {
      Optional<ComposeNode> x = a.root().get(section);
      Optional<ComposeNode> y = b.root().get(section);
      if (x.orElse(null) instanceof Mapping mx && y.orElse(null) instanceof Mapping my) {
        mx.entries().keySet().stream().filter(my.entries()::containsKey).forEach(n -> shared.add(section + "." + n));
      }
    }
    return shared;
  }

  /** The calls for one service, its {@code extends} base's first (Compose merges the service over its base). */
  private List<DslCall> serviceCalls(LoadedFile file, Path relativeTo, String name, Mapping svc, String path, Set<String> visiting) {
    List<DslCall> calls = new ArrayList<>();
    visiting.add(file.path().toAbsolutePath().normalize() + "#" + name);
    svc.get("extends").ifPresent(ext -> extended(file, relativeTo, ext, path + ".extends", visiting).ifPresent(calls::addAll));
    calls.addAll(services.map(name, svc, path, relativeTo));
    return calls;
  }

  /** The calls of the base an {@code extends} names; a base from another file keeps paths relative to that file. */
  private Optional<List<DslCall>> extended(LoadedFile file, Path relativeTo, ComposeNode ext, String path, Set<String> visiting) {
    Optional<String> baseName;
    Optional<String> baseFile = Optional.empty();
    if (ext instanceof Mapping m) {
      baseName = m.get("service").flatMap(s -> cx.string(s, path + ".service"));
      baseFile = m.get("file").flatMap(f -> cx.string(f, path + ".file"));
      m.entries().keySet().stream().filter(k -> !k.equals("service") && !k.equals("file"))
          .forEach(k -> cx.error(m.entries().get(k).location(), path + "." + k, "extends takes service and file, not \"" + k + "\""));
      if (m.get("service").isEmpty()) {
        cx.error(ext.location(), path, "extends needs the service to extend");
      }
    } else {
      baseName = cx.string(ext, path);
    }
    if (baseName.isEmpty()) {
      return Optional.empty();
    }
    LoadedFile source = file;
    if (baseFile.isPresent()) {
      try {
        source = load(file.directory().resolve(baseFile.get()), baseFile.get());
      } catch (ComposeImportException e) {
        e.errors().forEach(n -> cx.error(ext.location(), path + ".file", n.toString()));
        return Optional.empty();
      }
    }
    String key = source.path().toAbsolutePath().normalize() + "#" + baseName.get();
    if (visiting.contains(key)) {
      cx.error(ext.location(), path, "extends \"" + baseName.get() + "\" in a cycle");
      return Optional.empty();
    }
    Optional<ComposeNode> base = source.root().get("services").filter(s -> s instanceof Mapping).flatMap(s -> ((Mapping) s).get(baseName.get()));
    if (base.isEmpty()) {
      cx.error(ext.location(), path, "service \"" + baseName.get() + "\" is not defined in " + source.displayName());
      return Optional.empty();
    }
    String basePath = "services." + baseName.get();
    LoadedFile from = source;
    Path baseRelativeTo = from == file ? relativeTo : from.directory();
    return cx.mapping(base.get(), basePath).map(b -> {
      List<DslCall> calls = new ArrayList<>(serviceCalls(from, baseRelativeTo, baseName.get(), b, basePath, visiting));
      if (!calls.isEmpty()) {
        calls.set(0, calls.get(0).withComments(List.of("from extends: " + baseName.get() + (from == file ? "" : " in " + from.displayName()))));
      }
      return calls;
    });
  }
}
