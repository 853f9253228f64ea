package dev.sentinel.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The CLI's subcommands, and a command line that builds the model of only the one a run invokes.
 *
 * <p>Why: picocli builds a command's model by reflection over every option field and method of
 * every subcommand, about a third of a second for all of them on a small machine, paid by every
 * run of a short-lived process. A run needs the model of one subcommand; the root's usage needs the
 * others' name and description only, read from their {@code @Command} annotation.
 */
final class Subcommands {
  /** In the order the root's usage lists them. */
  static final List<Class<?>> ALL = List.of(PlanCommand.class, DriftCommand.class, UpCommand.class, RollbackCommand.class,
      SuperviseCommand.class, DownCommand.class, StatusCommand.class, HealthCommand.class, LogsCommand.class, LintCommand.class,
      AuditCommand.class, ExportCommand.class, BackupCommand.class, VerifyCommand.class, RestoreCommand.class,
      PruneBackupsCommand.class, SecretsCommand.class, ResourcesCommand.class, ImportCommand.class, ReusedCommand.class,
      GraphCommand.class, ReportCommand.class, DaemonCommand.class);

  private Subcommands() {}

  /** Adds every subcommand's full model to {@code root}. */
  static CommandLine addAll(CommandLine root) {
    ALL.forEach(root::addSubcommand);
    return root;
  }

  /**
   * Adds to {@code root} the full model of the subcommand {@code args} invoke, and nothing else: a
   * run of one subcommand prints no sibling's name (its usage and errors are its own), and each
   * command line picocli makes, a stand-in's too, registers its converters anew (measured: the 22
   * stand-ins were a twentieth of {@code status}'s CPU time). Arguments that name no subcommand (the
   * root's own {@code --help}, {@code --version}, nothing, a misspelt name) get a name-and-description
   * stand-in for every subcommand: all that the root's usage prints, and what picocli's "did you
   * mean" suggestion reads.
   */
  static CommandLine addFor(CommandLine root, String[] args) {
    Optional<Class<?>> invoked = invokedName(args)
        .flatMap(name -> ALL.stream().filter(type -> type.getAnnotation(Command.class).name().equals(name)).findFirst());
    if (invoked.isPresent()) {
      root.addSubcommand(invoked.get());
    } else {
      ALL.forEach(type -> {
        Command command = type.getAnnotation(Command.class);
        root.addSubcommand(command.name(), standIn(command));
      });
    }
    return root;
  }

  /**
   * The subcommand name in {@code args}: the first argument after the root's options, found by
   * picocli's own parser on the root alone, so {@code -f FILE}, {@code --env=prod} and clustered
   * options are skipped as the real parse skips them. Empty when the arguments name no subcommand
   * or do not parse.
   */
  static Optional<String> invokedName(String[] args) {
    CommandLine probe = new CommandLine(new SentinelCli())
        .setStopAtPositional(true)
        .setUnmatchedArgumentsAllowed(true);
    try {
      // An unknown option lands here too; the real parse reports it.
      List<String> rest = probe.parseArgs(args).unmatched();
      return rest.isEmpty() || rest.get(0).startsWith("-") ? Optional.empty() : Optional.of(rest.get(0));
    } catch (ParameterException e) {
      // The real parse reports the mistake, with every subcommand's model at hand for its hints.
      return Optional.empty();
    }
  }

  /**
   * A command with {@code command}'s name and description and nothing else. It is never run: a
   * run's own subcommand always gets its full model; running a stand-in would be Sentinel's bug,
   * reported as such rather than succeeding without doing anything.
   */
  private static CommandLine standIn(Command command) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection((Runnable) () -> {
      throw new IllegalStateException("sentinel: internal error: the model of subcommand " + command.name() + " was not loaded");
    });
    spec.name(command.name());
    spec.usageMessage().description(command.description());
    spec.usageMessage().hidden(command.hidden());
    return new CommandLine(spec);
  }
}
