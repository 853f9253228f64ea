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
}
