package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.command.HealthStateLog;
import dev.sentinel.runtime.ServiceFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Gathers what a person needs to see when a container fails: state, last health output, last logs. */
public final class Diagnostics {
  private static final int LOG_LINES = 20;

  private Diagnostics() {}

  public static ServiceFailure failure(DockerClient docker, String service, Optional<String> containerId, String reason) {
    if (containerId.isEmpty()) {
      return new ServiceFailure(service, Optional.empty(), reason, "not created", Optional.empty(), List.of());
    }
    String id = containerId.get();
    try {
      InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
      InspectContainerResponse.ContainerState state = inspect.getState();
      String health = state.getHealth() == null ? null : state.getHealth().getStatus();
      String described = state.getStatus() + ("running".equals(state.getStatus())
          ? (health == null ? "" : " (" + health + ")")
          : " (exit code " + state.getExitCodeLong() + ")");
      Optional<String> lastHealth = Optional.empty();
      if (state.getHealth() != null && state.getHealth().getLog() != null && !state.getHealth().getLog().isEmpty()) {
        List<HealthStateLog> logs = state.getHealth().getLog();
        HealthStateLog last = logs.get(logs.size() - 1);
        lastHealth = Optional.of("exit " + last.getExitCodeLong() + ": " + Optional.ofNullable(last.getOutput()).orElse("").strip());
      }
      return new ServiceFailure(service, Optional.of(inspect.getName().replaceFirst("^/", "")), reason, described, lastHealth, lastLogLines(docker, id));
    } catch (RuntimeException e) {
      return new ServiceFailure(service, Optional.of(id), reason, "unknown (" + e.getMessage() + ")", Optional.empty(), List.of());
    }
  }

  /** The container's last log lines, stdout and stderr interleaved. */
  public static List<String> lastLogLines(DockerClient docker, String id) {
    List<String> lines = new ArrayList<>();
    try {
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(LOG_LINES)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
          }).awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      lines.add("(logs unavailable: " + e.getMessage() + ")");
    }
    return lines.size() > LOG_LINES ? lines.subList(lines.size() - LOG_LINES, lines.size()) : lines;
  }
}
