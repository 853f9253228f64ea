package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    HostConfig host = HostConfig.newHostConfig().withMounts(mounts(spec));
    Map<String, String> tmpfs = tmpfsWithOptions(spec);
    if (!tmpfs.isEmpty()) {
      host.withTmpFs(tmpfs);
    }
    ResourcesMapping.applyTo(spec.resources(), host);
    KernelMapping.applyTo(spec.kernel(), host);
    LoggingMapping.applyTo(spec.logging(), host);
    CreateContainerCmd cmd = docker.createContainerCmd(spec.imageId())
        .withName(name)
        .withLabels(labels)
        .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
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

  private static List<Mount> mounts(ContainerSpec spec) {
    return spec.mounts().stream().filter(m -> m.tmpfsOptions() == null).map(DockerModels::mount).toList();
  }

  /**
   * A tmpfs with mount options (exec, uid=...) as the host config's tmpfs map: API 1.41's mount
   * type takes only size and mode.
   */
  private static Map<String, String> tmpfsWithOptions(ContainerSpec spec) {
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (ContainerSpec.MountSpec m : spec.mounts()) {
      if (m.tmpfsOptions() != null) {
        List<String> options = new ArrayList<>();
        if (m.tmpfsSizeBytes() != null) {
          options.add("size=" + m.tmpfsSizeBytes());
        }
        if (m.tmpfsMode() != null) {
          options.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
        }
        options.addAll(m.tmpfsOptions());
        tmpfs.put(m.target(), String.join(",", options));
      }
    }
    return tmpfs;
  }
}
