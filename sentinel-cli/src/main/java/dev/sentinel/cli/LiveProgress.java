package dev.sentinel.cli;

import dev.sentinel.runtime.ProgressEvent;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress on a terminal, as Compose draws it: one line per service, redrawn in place as its state
 * changes. Lines about no service (networks, volumes) scroll above.
 */
final class LiveProgress {
  private final PrintWriter out;
  private final Map<String, String> lines = new LinkedHashMap<>();
  private int drawn;

  LiveProgress(PrintWriter out) {
    this.out = out;
  }

  synchronized void on(ProgressEvent event) {
    String line = SentinelCli.describe(event);
    if (line == null) {
      return;
    }
    if (event.service().isEmpty()) {
      clear();
      out.println(line);
    } else {
      lines.put(event.service().get(), line);
      clear();
    }
    lines.values().forEach(l -> out.println("\u001b[2K " + l));
    drawn = lines.size();
    out.flush();
  }

  private void clear() {
    if (drawn > 0) {
      out.print("\u001b[" + drawn + "A");
      for (int i = 0; i < drawn; i++) {
        out.print("\u001b[2K\n");
      }
      out.print("\u001b[" + drawn + "A");
    }
    drawn = 0;
  }
}
