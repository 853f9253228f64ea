package dev.sentinel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.ResourceUsage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "resources", mixinStandardHelpOptions = true,
    description = "Each container's live CPU and memory use against its limits and reservations, with suggested limits.")
final class ResourcesCommand implements Callable<Integer> {
  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = cli.engine()) {
      List<ResourceUsage> usage = EngineTarget.on(engine).resources(cli.resolve());
      if (cli.json) {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = json.createArrayNode();
        for (ResourceUsage u : usage) {
          var n = list.addObject().put("service", u.service()).put("container", u.container()).put("cpus", u.cpus())
              .put("memoryBytes", u.memory().bytes())
              .put("suggestedCpuLimit", u.suggestedCpuLimit().toCompose()).put("suggestedMemoryLimit", u.suggestedMemoryLimit().toCompose());
          u.cpuLimit().ifPresent(c -> n.put("cpuLimit", c.toCompose()));
          u.memoryLimit().ifPresent(m -> n.put("memoryLimit", m.toCompose()));
          u.memoryReservation().ifPresent(m -> n.put("memoryReservation", m.toCompose()));
        }
        cli.out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(list));
      } else {
        cli.out().printf("%-28s %7s %7s %10s %10s %10s  %s%n", "CONTAINER", "CPUS", "LIMIT", "MEMORY", "LIMIT", "RESERVED", "SUGGESTED");
        for (ResourceUsage u : usage) {
          cli.out().printf("%-28s %7.3f %7s %10s %10s %10s  cpus %s, memory %s%s%n", u.container(), u.cpus(),
              u.cpuLimit().map(c -> c.toCompose()).orElse("-"), mib(u.memory().bytes()),
              u.memoryLimit().map(m -> mib(m.bytes())).orElse("-"), u.memoryReservation().map(m -> mib(m.bytes())).orElse("-"),
              u.suggestedCpuLimit().toCompose(), u.suggestedMemoryLimit().toCompose(),
              u.memoryShareOfLimit().filter(share -> share > 0.9).map(share -> "  (memory near its limit!)").orElse(""));
        }
      }
      return SentinelCli.OK;
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1fMiB", bytes / 1048576.0);
  }
}
