package dev.sentinel.testcontainers;

import static com.google.common.base.Preconditions.checkArgument;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running container of a service in a {@link SentinelStackContainer}: its ID, its published
 * ports, commands run in it, its logs.
 *
 * <pre>{@code
 * ServiceContainer api = stack.service("api");
 * URI health = URI.create("http://" + api.getHost() + ":" + api.getMappedPort(8080) + "/health");
 * ExecResult result = api.execInContainer("cat", "/etc/hostname");
 * }</pre>
 */
public final class ServiceContainer {
  private final DockerClient docker;
  private final String service;
  private final int replica;
  private final String id;
  private final String name;
  private final LogBuffer logs;

  ServiceContainer(DockerClient docker, String service, int replica, String id, String name, LogBuffer logs) {
    this.docker = docker;
    this.service = service;
    this.replica = replica;
    this.id = id;
    this.name = name;
    this.logs = logs;
  }

  public String service() {
    return service;
  }

  public int replica() {
    return replica;
  }

  public String getContainerId() {
    return id;
  }

  public String getContainerName() {
    return name;
  }

  /** The host address published ports are bound to (Sentinel binds {@code 127.0.0.1} unless told otherwise). */
  public String getHost() {
    return binding(firstPublishedPort()).getHostIp();
  }

  /**
   * The host port that {@code containerPort}/tcp is published on.
   *
   * @throws IllegalArgumentException when the service does not publish that port
   */
  public int getMappedPort(int containerPort) {
    return Integer.parseInt(binding(containerPort).getHostPortSpec());
  }

  private Ports.Binding binding(int containerPort) {
    InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
    Ports.Binding[] bindings = inspect.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
    checkArgument(bindings != null && bindings.length > 0, "service \"%s\" publishes no port %s (publish it with an override:"
        + " withOverride(s -> s.service(\"%s\", svc -> svc.port(\"%s\"))))", service, containerPort, service, containerPort);
    return bindings[0];
  }

  private int firstPublishedPort() {
    var bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings();
    return bindings.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().length > 0)
        .map(e -> e.getKey().getPort()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("service \"" + service + "\" publishes no port"));
  }

  /** Runs {@code command} in the container and waits for it (at most 2 minutes). */
  public ExecResult execInContainer(String... command) throws InterruptedException {
    String exec = docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        (frame.getStreamType() == StreamType.STDERR ? err : out).append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(2, TimeUnit.MINUTES);
    Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    return new ExecResult(code == null ? -1 : code.intValue(), out.toString(), err.toString());
  }

  /** The container's state as the engine reports it now. */
  InspectContainerResponse.ContainerState inspectState() {
    return docker.inspectContainerCmd(id).exec().getState();
  }

  /** The log lines collected from this container so far. */
  public List<String> getLogs() {
    return logs.lines(name);
  }

  @Override
  public String toString() {
    return "ServiceContainer[" + service + "#" + replica + " " + name + "]";
  }
}
