package dev.sentinel.testing;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a command in a running container of the test engine and returns what it printed. */
public final class Exec {
  private Exec() {}

  /** Runs {@code command} as {@code user} (empty for the container's own) and returns stdout and stderr together. */
  public static String run(String container, String user, String... command) throws InterruptedException {
    return run(TestEngine.client(), container, user, command);
  }

  /** As {@link #run(String, String, String...)}, in a container of the engine {@code docker} talks to. */
  public static String run(com.github.dockerjava.api.DockerClient docker, String container, String user, String... command)
      throws InterruptedException {
    var create = docker.execCreateCmd(container).withCmd(command).withAttachStdout(true).withAttachStderr(true);
    if (!user.isEmpty()) {
      create.withUser(user);
    }
    String id = create.exec().getId();
    StringBuilder out = new StringBuilder();
    docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    return out.toString();
  }
}
