package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a command in a running container, as its user, and collects its exit code and output. */
final class Execs {
  private Execs() {}

  /**
   * @param exitCode the command's exit code; empty when it did not finish within the time allowed
   * @param output stdout and stderr interleaved
   */
  record Result(Optional<Long> exitCode, String output) {}

  /** Runs {@code command} in {@code containerId}, waiting at most {@code timeout} for it to finish. */
  static Result run(DockerClient docker, String containerId, List<String> command, Duration timeout) throws InterruptedException {
    return run(docker, containerId, command, cmd -> {}, timeout);
  }

  /** Runs {@code command} as {@code configure} sets it up (user, environment, ...), waiting at most {@code timeout}. */
  static Result run(DockerClient docker, String containerId, List<String> command,
      java.util.function.Consumer<com.github.dockerjava.api.command.ExecCreateCmd> configure, Duration timeout) throws InterruptedException {
    com.github.dockerjava.api.command.ExecCreateCmd create = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true);
    configure.accept(create);
    String exec = create.exec().getId();
    StringBuilder output = new StringBuilder();
    boolean finished = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        synchronized (output) {
          output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }
    }).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Optional<Long> code = finished ? Optional.ofNullable(docker.inspectExecCmd(exec).exec().getExitCodeLong()) : Optional.empty();
    synchronized (output) {
      return new Result(code, output.toString());
    }
  }
}
