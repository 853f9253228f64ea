package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * scripts/sentinel finds the subcommand (whose class-data archive and JIT flags a run gets) by
 * skipping the root's options and their values; it must know every root option that takes a value.
 */
class ScriptOptionsTest {

  @Test
  void theLauncherSkipsTheValueOfEveryRootOptionThatTakesOneAndNoOther() throws Exception {
    String script = Files.readString(Path.of("..", "scripts", "sentinel"));
    Matcher line = Pattern.compile("(?m)^\\s*(-[^)]*)\\)\\s*value_follows=1").matcher(script);
    assertThat(line.find()).as("the case branch that sets value_follows=1 in scripts/sentinel").isTrue();
    Set<String> inScript = new TreeSet<>();
    Arrays.stream(line.group(1).split("\\|")).map(String::strip).forEach(inScript::add);

    Set<String> takingValues = new TreeSet<>();
    for (OptionSpec option : new CommandLine(new SentinelCli()).getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        takingValues.addAll(Arrays.asList(option.names()));
      }
    }
    assertThat(takingValues).contains("-f", "--state-dir");
    assertThat(inScript).isEqualTo(takingValues);
  }
}
