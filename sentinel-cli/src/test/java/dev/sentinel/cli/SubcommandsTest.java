package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line main builds (one subcommand's full model) against picocli's full model of all of them. */
class SubcommandsTest {

  @Test
  void theRootUsageFromStandInsIsTheFullModelsUsageWordForWord() {
    String full = usage(SentinelCli.commandLine());
    assertThat(full).contains("Commands:", "prune-backups", "secrets").doesNotContain("internal error");
    assertThat(usage(SentinelCli.commandLine(new String[] {"--help"}))).isEqualTo(full);
    assertThat(usage(SentinelCli.commandLine(new String[0]))).isEqualTo(full);
  }

  static Stream<String> names() {
    return Subcommands.ALL.stream().map(type -> type.getAnnotation(Command.class).name());
  }

  @ParameterizedTest
  @MethodSource("names")
  void aSubcommandsHelpIsTheFullModelsHelpWordForWord(String name) {
    CliRun lazy = CliRun.of(name, "--help");
    StringWriter full = new StringWriter();
    CommandLine all = SentinelCli.commandLine();
    all.setOut(new PrintWriter(full, true));
    int code = all.execute(name, "--help");
    assertThat(lazy.exitCode()).isEqualTo(code).isZero();
    assertThat(lazy.out()).isEqualTo(full.toString()).contains("Usage: sentinel " + name);
  }

  @Test
  void aNestedSubcommandGetsItsFullModel() {
    CliRun run = CliRun.of("secrets", "rotate", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: sentinel secrets rotate");
  }

  @Test
  void theInvokedNameIsFoundAfterTheRootsOptionsAndTheirValues() {
    assertThat(Subcommands.invokedName(new String[] {"-f", "a.yaml", "-p", "demo", "--env=prod", "status", "--json"})).contains("status");
    // An option's value that spells a subcommand is the option's value, as in the real parse.
    assertThat(Subcommands.invokedName(new String[] {"--stack", "status", "plan"})).contains("plan");
    assertThat(Subcommands.invokedName(new String[] {"--profile", "up", "--profile=down", "-H", "unix:///x", "logs", "-f"})).contains("logs");
    assertThat(Subcommands.invokedName(new String[] {"--version"})).isEmpty();
    assertThat(Subcommands.invokedName(new String[] {"--no-such-option", "plan"})).isEqualTo(Optional.empty());
  }

  @Test
  void aRunOfOneSubcommandHoldsOnlyItsModelAndAMisspeltOneGetsEveryNameForTheSuggestion() {
    assertThat(SentinelCli.commandLine(new String[] {"-p", "demo", "status", "--json"}).getSubcommands().keySet()).containsExactly("status");
    assertThat(SentinelCli.commandLine(new String[] {"secrets", "rotate"}).getSubcommands().keySet()).containsExactly("secrets");
    assertThat(SentinelCli.commandLine(new String[] {"stauts"}).getSubcommands().keySet()).containsExactlyElementsOf(names().toList());
  }

  @Test
  void aMistakeBeforeTheSubcommandGetsPicocliErrorAndExitCodeTwo() {
    CliRun run = CliRun.of("--no-such-option", "plan");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void anUnknownSubcommandGetsPicocliErrorWithTheSuggestionFromTheStandIns() {
    CliRun run = CliRun.of("stauts");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'stauts'", "status");
  }

  @Test
  void subcommandNamesAreUnique() {
    assertThat(names()).doesNotHaveDuplicates().hasSize(Subcommands.ALL.size());
  }

  private static String usage(CommandLine cli) {
    StringWriter out = new StringWriter();
    cli.usage(new PrintWriter(out, true));
    return out.toString();
  }
}
