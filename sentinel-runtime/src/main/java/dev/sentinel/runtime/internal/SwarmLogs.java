package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Swarm service's logs from every node, through a manager: each running task's container log as
 * the Swarm gathers it (the engine's task logs), prefixed with the task and the node it runs on, as
 * {@code web.2@node3 | }; with {@code follow}, all tasks at once until they end.
 */
public final class SwarmLogs {
  private SwarmLogs() {}

  /**
   * @param docker a manager's client (for listing tasks and nodes)
   * @param streams the same manager's client for long reads ({@code follow})
   * @throws IllegalArgumentException when the stack has no such service on the Swarm
   */
  public static void read(DockerClient docker, DockerClient streams, String stack, String service, int tail, boolean follow,
      Consumer<String> lines) throws InterruptedException {
    String name = stack + "_" + service;
    boolean exists = docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
        .anyMatch(s -> s.getSpec() != null && name.equals(s.getSpec().getName()));
    if (!exists) {
      throw new IllegalArgumentException("stack \"" + stack + "\" has no service \"" + service + "\" on the Swarm");
    }
    Map<String, String> nodes = new HashMap<>();
    docker.listSwarmNodesCmd().exec().forEach(n -> nodes.put(n.getId(),
        n.getDescription() == null || n.getDescription().getHostname() == null ? n.getId() : n.getDescription().getHostname()));
    // Task by task (the tasks meant to run), so each line is known to come from one task on one node;
    // the engine's service logs would mix them without saying which (engine 20.10 adds no details there).
    List<com.github.dockerjava.api.model.Task> tasks = docker.listTasksCmd().withServiceFilter(name).exec().stream()
        .filter(t -> t.getDesiredState() == com.github.dockerjava.api.model.TaskState.RUNNING)
        .sorted(java.util.Comparator.comparing(t -> t.getSlot() == null ? 0 : t.getSlot())).toList();
    List<ResultCallback.Adapter<Frame>> reads = new java.util.ArrayList<>();
    for (com.github.dockerjava.api.model.Task t : tasks) {
      String prefix = service + "." + (t.getSlot() == null ? t.getNodeId() : t.getSlot()) + "@"
          + nodes.getOrDefault(t.getNodeId(), String.valueOf(t.getNodeId())) + " | ";
      reads.add((follow ? streams : docker).logTaskCmd(t.getId()).withStdout(true).withStderr(true).withTail(tail).withFollow(follow)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              synchronized (lines) {
                new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(l -> lines.accept(prefix + l));
              }
            }
          }));
      if (!follow) {
        reads.get(reads.size() - 1).awaitCompletion(); // one task after the other, in slot order
      }
    }
    for (ResultCallback.Adapter<Frame> read : reads) {
      read.awaitCompletion();
    }
  }
}
