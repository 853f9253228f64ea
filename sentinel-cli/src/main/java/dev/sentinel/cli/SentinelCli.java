package dev.sentinel.cli;

import dev.sentinel.compose.ComposeImport;
import dev.sentinel.compose.ComposeImporter;
import dev.sentinel.compose.ImportNote;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.SwarmTarget;
import dev.sentinel.runtime.Target;
import dev.sentinel.runtime.EngineUnavailableException;
import dev.sentinel.runtime.EngineEndpoint;
import dev.sentinel.runtime.EngineErrors;
import dev.sentinel.runtime.ProgressEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sentinel} ops CLI, built on the library: plan, up, down, status, health, logs, lint,
 * audit, export, import, backup, verify, restore, prune-backups, secrets rotate, resources, reused, graph, report. Stack definitions come from
 * the classpath ({@link StackDefinition} services), so a user's own jar plugs in, or from Compose files
 * with {@code -f}, imported strictly on every run.
 *
 * <pre>{@code
 * sentinel --env production plan
 * sentinel up && sentinel status --json
 * sentinel lint --sarif > sentinel.sarif
 * sentinel import docker-compose.yml --java com.example.ShopStack
 * sentinel -f docker-compose.yml up
 * }</pre>
 *
 * <p>Exit codes: 0 success; 1 the operation failed (apply failed, lint failed, archive refused);
 * 2 bad usage; 3 no Docker engine; 4 not healthy; 5 drift found ({@code drift}).
 */
@Command(name = "sentinel", mixinStandardHelpOptions = true, version = "sentinel 0.1.0",
    description = "Plan, apply, check and back up Docker stacks defined in Java, or in Compose files with -f.")
// The subcommands are in Subcommands.ALL: main loads the full model of only the one it runs.
public final class SentinelCli implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int NO_ENGINE = 3;
  static final int NOT_HEALTHY = 4;

  @Spec CommandSpec spec;

  @Option(names = "--stack", scope = ScopeType.INHERIT, description = "The stack: a StackDefinition class or a stack name (default: the only one on the classpath).")
  String stack;

  // Before the command, as with docker compose (-f after "logs" is --follow).
  @Option(names = {"-f", "--file"}, paramLabel = "COMPOSE_FILE",
      description = "Run a Compose file as it is, no Java needed (repeatable: later files override earlier ones, as with docker compose -f).")
  List<Path> composeFiles = new ArrayList<>();

  @Option(names = {"-p", "--project-name"},
      description = "With -f: the stack's name, instead of the files' name: or the first file's directory.")
  String projectName;

  @Option(names = "--env-file",
      description = "With -f: read variables from this file instead of the .env beside the first Compose file.")
  Path envFile;

  @Option(names = "--env", scope = ScopeType.INHERIT,
      description = "The environment (default: development; the base for a stack that defines no environments).")
  String environment;

  @Option(names = "--profile", scope = ScopeType.INHERIT, description = "Activate a profile (repeatable).")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--target", scope = ScopeType.INHERIT, defaultValue = "engine", description = "engine (default) or swarm.")
  String target;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
  boolean json;

  @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT,
      description = "The engine's address (unix://, tcp://, ssh://user@host), as docker -H; wins over --context and DOCKER_HOST.")
  String host;

  @Option(names = {"-c", "--context"}, scope = ScopeType.INHERIT,
      description = "A Docker context by name (docker context ls), as docker --context; TLS settings come with it.")
  String context;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "On a failure, also print the stack trace.")
  boolean debug;

  @Option(names = "--state-dir", scope = ScopeType.INHERIT, defaultValue = ".sentinel", description = "Where secrets, state and the audit log live (default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  /** Whether standard error is a terminal (progress redrawn in place); a daemon is told by its client. */
  private boolean terminal = System.console() != null;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs {@code args} as {@link #main} does, on this process's standard streams, and returns the exit code instead of exiting. */
  public static int execute(String[] args) {
    CommandLine cli = commandLine(args);
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return code;
  }

  /**
   * Runs {@code args} as {@link #main} does, printing to {@code out} and {@code err}, for the process
   * whose terminal is {@code terminal}; returns the exit code (for the daemon, which runs commands
   * for other processes).
   */
  public static int execute(String[] args, java.io.PrintStream out, java.io.PrintStream err, boolean terminal) {
    CommandLine cli = commandLine(args);
    ((SentinelCli) cli.getCommand()).terminal = terminal;
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    cli.setOut(outWriter);
    cli.setErr(errWriter);
    int code = cli.execute(args);
    outWriter.flush();
    errWriter.flush();
    return code;
  }

  /** The configured command line with every subcommand, for tests and embedding. */
  public static CommandLine commandLine() {
    return configure(Subcommands.addAll(new CommandLine(new SentinelCli())));
  }

  /**
   * The configured command line for running {@code args}: the same commands, options and usage as
   * {@link #commandLine()}, with the full model of only the subcommand {@code args} invoke (what a
   * short-lived process needs; see {@code Subcommands}).
   */
  public static CommandLine commandLine(String[] args) {
    return configure(Subcommands.addFor(new CommandLine(new SentinelCli()), args));
  }

  private static CommandLine configure(CommandLine cli) {
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof EngineUnavailableException) {
        err.println("sentinel: " + e.getMessage());
        return NO_ENGINE;
      }
      if (e instanceof UsageException || e instanceof IllegalArgumentException) {
        err.println("sentinel: " + e.getMessage());
        return USAGE;
      }
      // The engine's own words, not docker-java's class names and raw JSON; --debug adds the stack.
      err.println("sentinel: " + EngineErrors.describe(e));
      if (((SentinelCli) commandLine.getCommandSpec().root().userObject()).debug) {
        e.printStackTrace(err);
      }
      return FAILED;
    });
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return USAGE;
  }

  /** A mistake in how the CLI was called, reported with exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The stack of the {@code -f} Compose files, or the definition selected by {@code --stack}, or the only one on the classpath. */
  Stack loadStack() {
    if (!composeFiles.isEmpty()) {
      if (stack != null) {
        throw new UsageException("--stack and -f choose the stack two ways; give one");
      }
      // Run in place: relative paths are the project directory's, whatever the working directory.
      return importCompose(ComposeImporter.create().withAbsoluteHostPaths(), composeFiles, projectName, envFile).stack();
    }
    if (stack != null && stack.contains(".")) {
      try {
        return ((StackDefinition) Class.forName(stack).getDeclaredConstructor().newInstance()).define();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new UsageException("--stack " + stack + " is not a StackDefinition class on the classpath (" + e + ")");
      }
    }
    List<Stack> found = new ArrayList<>();
    for (StackDefinition definition : ServiceLoader.load(StackDefinition.class)) {
      found.add(definition.define());
    }
    if (stack != null) {
      return found.stream().filter(s -> s.name().equals(stack)).findFirst().orElseThrow(() -> new UsageException(
          "no stack named " + stack + " on the classpath (found: " + names(found) + ")"));
    }
    if (found.size() != 1) {
      throw new UsageException(found.isEmpty() ? "no StackDefinition on the classpath; add your definitions' jar or pass --stack <class>"
          : "several stacks on the classpath (" + names(found) + "); choose one with --stack");
    }
    return found.get(0);
  }

  /**
   * {@code files} imported (as {@code docker compose} reads them: interpolation, {@code .env},
   * overrides, {@code name:}) with a project name and an env file, when given; warnings go to
   * standard error. {@code -f} imports strictly; {@code import} passes its own importer.
   *
   * @throws dev.sentinel.compose.ComposeImportException listing every error with file, line and path
   */
  ComposeImport importCompose(ComposeImporter importer, List<Path> files, String projectName, Path envFile) {
    ComposeImporter configured = importer;
    if (projectName != null) {
      configured = configured.withProjectName(projectName);
    }
    if (envFile != null) {
      configured = configured.withEnvFile(envFile);
    }
    ComposeImport imported = configured.importFiles(files);
    for (ImportNote warning : imported.warnings()) {
      err().println("warning: " + warning);
    }
    return imported;
  }

  private static String names(List<Stack> stacks) {
    return stacks.isEmpty() ? "none" : String.join(", ", stacks.stream().map(Stack::name).toList());
  }

  /**
   * The stack's name, for commands that need nothing else (status, health, logs). With {@code -f}
   * and {@code -p} that is {@code -p} itself: the files are not read, as {@code docker compose -p
   * NAME ps} needs none (reading them was a fifth of a status run). A {@code -p} that is no valid
   * stack name goes the long way, to be refused as an import refuses it.
   */
  String stackName() {
    if (!composeFiles.isEmpty() && stack == null && projectName != null && projectName.matches("[a-z0-9][a-z0-9_-]*")) {
      return projectName;
    }
    return resolve().name();
  }

  /** The effective spec in {@code --env}. */
  StackSpec resolve() {
    return loadStack().resolveOrDefault(Optional.ofNullable(environment));
  }

  Engine engine() {
    if (!target.equals("engine") && !target.equals("swarm")) {
      throw new UsageException("--target " + target + " is not a target (engine or swarm)");
    }
    return Engine.at(EngineEndpoint.resolve(System.getenv(), Optional.ofNullable(host), Optional.ofNullable(context)));
  }

  /** Names the engine a changing command is about to change, on stderr (stdout stays the plan). */
  void announce(Engine engine) {
    if (!json) {
      err().println("engine: " + engine.endpoint());
    }
  }

  /** The target {@code --target} names, on {@code engine}. */
  Target target(Engine engine) {
    // Without IPVS (some kernels) VIPs do not work; SENTINEL_SWARM_DNSRR=1 selects DNS round-robin.
    if (target.equals("swarm")) {
      SwarmTarget swarm = SwarmTarget.on(engine);
      return "1".equals(System.getenv("SENTINEL_SWARM_DNSRR")) ? swarm.withDnsRoundRobin() : swarm;
    }
    return EngineTarget.on(engine);
  }

  ApplyOptions options() {
    // On a terminal, Compose-style lines redrawn in place; otherwise (pipes, CI, --json) plain lines.
    LiveProgress live = terminal && !json ? new LiveProgress(err()) : null;
    return ApplyOptions.defaults().withStateDirectory(stateDirectory).withProfiles(Set.copyOf(profiles))
        .withListener(event -> {
          if (live != null) {
            live.on(event);
          } else {
            progress(event);
          }
        });
  }

  private void progress(ProgressEvent event) {
    String line = describe(event);
    if (line != null) {
      synchronized (this) {
        err().println(json ? progressJson(event, line, Instant.now()) : line);
        err().flush();
      }
    }
  }

  /**
   * One progress event as a JSON line (with {@code --json}, on standard error, so standard output
   * stays the command's one JSON result): {@code {"at":..., "event":"started", "service":"api",
   * "message":"api  started shop-api-1"}}.
   */
  static String progressJson(ProgressEvent event, String message, Instant at) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("at", at.toString());
    line.put("event", event.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    event.service().ifPresent(s -> line.put("service", s));
    line.put("message", message);
    return line.toString();
  }

  /** One progress line, as Compose prints them: the service first; none for the plan (printed whole at the end). */
  static String describe(ProgressEvent event) {
    return event instanceof ProgressEvent.Planned ? null : event.text();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
