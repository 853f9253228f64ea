package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code sentinel daemon} as the root's usage lists it and as picocli checks its argument. */
class DaemonCommandTest {

  @Test
  void theRootUsageListsTheDaemonCommand() {
    CliRun run = CliRun.of("--help");
    assertThat(run.out()).containsPattern("(?m)^  daemon +List \\(status, the default\\) or end \\(stop\\) this user's daemons");
  }

  @Test
  void anActionOtherThanStatusOrStopIsAUsageErrorNamingBoth() {
    CliRun run = CliRun.of("daemon", "restart");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("restart").contains("status, stop");
  }
}
