package dev.sentinel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.SwarmNode;
import dev.sentinel.runtime.SwarmTarget;
import dev.sentinel.runtime.Target;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Every container (or Swarm task) of the stack: state, health, restarts, uptime, ports.",
        "On a Swarm also every node, and for a lost node the stack's tasks it held."})
final class StatusCommand implements Callable<Integer> {

  @ParentCommand SentinelCli cli;

  @Override
  public Integer call() throws Exception {
    try (Engine engine = cli.engine()) {
      Target target = cli.target(engine);
      String stack = cli.stackName();
      StackStatus status = target.status(stack);
      List<SwarmNode> nodes = target instanceof SwarmTarget swarm ? swarm.nodes(stack) : List.of();
      if (cli.json) {
        ObjectNode json = (ObjectNode) Json.mapper().readTree(status.toJson());
        if (target instanceof SwarmTarget) {
          ArrayNode list = json.putArray("nodes");
          for (SwarmNode n : nodes) {
            ObjectNode node = list.addObject().put("hostname", n.hostname()).put("id", n.id()).put("manager", n.manager())
                .put("state", n.state()).put("availability", n.availability()).put("down", n.isDown());
            n.stackTasks().forEach(node.putArray("stackTasks")::add);
            n.stackVolumes().forEach(node.putArray("stackVolumes")::add);
          }
          SwarmNode.quorum(nodes).ifPresent(q -> json.put("quorum", q));
        }
        cli.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
      } else {
        cli.out().print(status.toText());
        if (!nodes.isEmpty()) {
          cli.out().println();
          cli.out().printf("%-28s %-8s %-8s %-12s %s%n", "NODE", "ROLE", "STATE", "AVAILABILITY", "TASKS OF THE STACK");
          for (SwarmNode n : nodes) {
            cli.out().printf("%-28s %-8s %-8s %-12s %s%n", n.hostname(), n.manager() ? "manager" : "worker", n.state(), n.availability(),
                String.join(", ", n.stackTasks()));
          }
          nodes.stream().filter(SwarmNode::isDown).forEach(n -> cli.out().println("lost: " + n.describe()));
          SwarmNode.quorum(nodes).ifPresent(cli.out()::println);
        }
      }
      return SentinelCli.OK;
    }
  }
}
