package dev.sentinel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.runtime.ProgressEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
  @Test
  void eachServiceKeepsOneLineThatIsRedrawnInPlace() {
    StringWriter screen = new StringWriter();
    LiveProgress live = new LiveProgress(new PrintWriter(screen));
    live.on(new ProgressEvent.Creating(Optional.empty(), "network shop_backend"));
    live.on(new ProgressEvent.Starting("db", "shop-db-1"));
    live.on(new ProgressEvent.Starting("api", "shop-api-1"));
    live.on(new ProgressEvent.Ready("db", "healthy"));
    String out = screen.toString();
    assertThat(out).startsWith("creating network shop_backend\n");
    // After the last event the two service lines are redrawn: cursor up over both, then db's new state.
    String last = out.substring(out.lastIndexOf("\u001b[2A"));
    assertThat(last).contains("\u001b[2K db  healthy\n\u001b[2K api  starting shop-api-1\n");
    assertThat(last).doesNotContain("db  starting");
  }

  @Test
  void withJsonEachEventIsOneJsonLine() throws Exception {
    ProgressEvent started = new ProgressEvent.Started("api", "shop-api-1");
    String line = SentinelCli.progressJson(started, SentinelCli.describe(started), java.time.Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(line).doesNotContain("\n");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    assertThat(json.path("at").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(json.path("event").asText()).isEqualTo("started");
    assertThat(json.path("service").asText()).isEqualTo("api");
    assertThat(json.path("message").asText()).isEqualTo("api  started shop-api-1");
    ProgressEvent network = new ProgressEvent.Creating(Optional.empty(), "network shop_backend");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(SentinelCli.progressJson(network, SentinelCli.describe(network),
        java.time.Instant.EPOCH)).has("service")).isFalse();
  }
}
