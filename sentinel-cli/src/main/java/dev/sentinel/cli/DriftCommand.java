package dev.sentinel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.Plan;
import dev.sentinel.runtime.PlannedAction;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The part of the plan that comes from changes made outside Sentinel to a stack it applied:
 * containers stopped, removed, added or changed ({@code docker update}, network connect and
 * disconnect), leftovers of an interrupted apply, and foreign containers on the stack's networks.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = "Show what was changed outside Sentinel since the stack was applied (read-only). Exit code 5 when there is drift.")
final class DriftCommand implements Callable<Integer> {
  static final int DRIFTED = 5;

  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() {
    try (Engine engine = cli.engine()) {
      Plan plan = cli.target(engine).plan(cli.resolve(), cli.options());
      List<PlannedAction> drift = plan.actions().stream().filter(DriftCommand::isDrift).toList();
      if (cli.json) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (PlannedAction a : drift) {
          ObjectNode o = out.addObject();
          o.put("type", a.type().name().toLowerCase(Locale.ROOT));
          o.put("name", a.name());
          a.service().ifPresent(s -> o.put("service", s));
          o.put("correction", a.kind().name().toLowerCase(Locale.ROOT));
          ArrayNode what = o.putArray("differences");
          (a.changes().isEmpty() ? List.of(a.reason()) : a.changes()).forEach(what::add);
        }
        cli.out().println(out);
      } else if (drift.isEmpty()) {
        cli.out().println("no drift: the stack " + plan.stack() + " runs as last applied");
      } else {
        drift.forEach(a -> cli.out().println(a.type().name().toLowerCase(Locale.ROOT) + " " + a.name() + ": "
            + String.join("; ", a.changes().isEmpty() ? List.of(a.reason()) : a.changes())
            + (a.changesSomething() ? " (up will " + a.kind().name().toLowerCase(Locale.ROOT) + " it)" : " (up leaves it)")));
      }
      return drift.isEmpty() ? SentinelCli.OK : DRIFTED;
    }
  }

  /** Whether a plan step exists because something changed outside Sentinel (not because the definition changed). */
  static boolean isDrift(PlannedAction a) {
    return a.changes().stream().anyMatch(c -> c.endsWith("(changed outside Sentinel)"))
        || a.reason().contains("outside Sentinel") || a.reason().contains("attached outside the stack")
        || a.reason().equals("left by an interrupted apply");
  }
}
