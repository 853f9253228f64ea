package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** Creates a container from a {@link ContainerSpec}: the one place a spec becomes an engine request. */
public final class ContainerRequests {
  private ContainerRequests() {}

  /**
   * Creates (not starts) the container and connects it to all its networks.
   *
   * @param warnings receives each warning of the engine's create response (a setting it dropped)
   * @return the container's ID
   */
  public static String create(DockerClient docker, ContainerSpec spec, String name, Map<String, String> labels,
      Consumer<String> warnings) {
    HostConfig host = HostConfig.newHostConfig();
    StorageMapping.applyTo(spec.storage(), host);
    ResourcesMapping.applyTo(spec.resources(), host);
    KernelMapping.applyTo(spec.kernel(), host);
    LoggingMapping.applyTo(spec.logging(), host);
    CreateContainerCmd cmd = docker.createContainerCmd(spec.imageId())
        .withName(name)
        .withLabels(labels)
        .withEnv(EnvironmentMapping.engineForm(spec.environment()));
    // Each section sets its part of the request and of the host config.
    NetworkingMapping.applyTo(spec.networking(), cmd, host);
    ExecutionMapping.applyTo(spec.execution(), cmd);
    SecurityMapping.applyTo(spec.security(), cmd, host);
    NamingMapping.applyTo(spec.naming(), cmd, host);
    LifecycleMapping.applyTo(spec.lifecycle(), cmd, host);
    cmd.withHostConfig(host);
    var created = cmd.exec();
    if (created.getWarnings() != null) {
      Arrays.stream(created.getWarnings()).filter(w -> !w.isBlank()).forEach(warnings);
    }
    String id = created.getId();
    NetworkingMapping.joinNetworks(docker, spec.networking(), id);
    return id;
  }




}
