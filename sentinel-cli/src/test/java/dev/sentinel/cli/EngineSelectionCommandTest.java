package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** --host and --context choose the engine, and a wrong choice is said in words with the right exit code; no engine needed. */
class EngineSelectionCommandTest {
  @Test
  void anEngineThatDoesNotAnswerAtTheHostGivenIsNamedWithWhereItCameFromAndExitCode3() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    CliRun run = CliRun.of("--host", "tcp://127.0.0.1:" + closed, "reused");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("no Docker engine answers at tcp://127.0.0.1:" + closed + " (from --host)")
        .doesNotContain("dockerjava").doesNotContain("Exception:");
  }

  @Test
  void anUnknownContextIsAUsageErrorNamingIt() {
    CliRun run = CliRun.of("--context", "no-such-context-for-sentinel", "reused");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Docker context \"no-such-context-for-sentinel\" (from --context) does not exist");
  }
}
