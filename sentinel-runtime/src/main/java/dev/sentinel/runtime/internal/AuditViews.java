package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.PortRange;
import dev.sentinel.dsl.Protocol;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.policy.ServiceView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the policy's {@link ServiceView} of a running container from {@code docker inspect} of it
 * and of its image: what really runs, including what the definition leaves to the image (its USER,
 * its HEALTHCHECK) and how ports are really bound.
 */
public final class AuditViews {
  private static final Pattern ANONYMOUS = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> SPECIAL_NETWORK_MODES = Set.of("host", "bridge", "default", "none");

  private AuditViews() {}

  /** @param defined the service's definition, when known, for its accepted rules */
  public static ServiceView of(DockerClient docker, String containerId, String service, Optional<Service> defined) {
    InspectContainerResponse c = docker.inspectContainerCmd(containerId).exec();
    ContainerConfig config = c.getConfig();
    HostConfig host = c.getHostConfig();
    Optional<InspectImageResponse> image = image(docker, c.getImageId());
    ContainerConfig imageConfig = image.map(InspectImageResponse::getConfig).orElse(null);

    Optional<String> user = nonEmpty(config.getUser()).or(() -> imageConfig == null ? Optional.empty() : nonEmpty(imageConfig.getUser()));
    boolean healthCheck = hasCheck(config.getHealthcheck()) || (config.getHealthcheck() == null && imageConfig != null && hasCheck(imageConfig.getHealthcheck()));
    String imageName = image.flatMap(i -> i.getRepoTags() == null ? Optional.empty() : i.getRepoTags().stream().findFirst())
        .orElse(config.getImage() != null && !config.getImage().startsWith("sha256:") ? config.getImage() : "image@" + c.getImageId());

    Optional<String> networkMode = nonEmpty(host.getNetworkMode())
        .filter(m -> SPECIAL_NETWORK_MODES.contains(m) || m.startsWith("container:"));
    Map<String, String> env = new LinkedHashMap<>();
    if (config.getEnv() != null) {
      for (String e : config.getEnv()) {
        int eq = e.indexOf('=');
        if (eq > 0) {
          env.put(e.substring(0, eq), e.substring(eq + 1));
        }
      }
    }
    // The image's own variables (PATH, ...) are not the service's literals.
    if (imageConfig != null && imageConfig.getEnv() != null) {
      Arrays.stream(imageConfig.getEnv()).forEach(e -> env.remove(e.contains("=") ? e.substring(0, e.indexOf('=')) : e));
    }
    var restart = host.getRestartPolicy();
    String restartName = restart == null || restart.getName() == null || restart.getName().isEmpty() ? null : restart.getName();
    String health = c.getState().getHealth() == null ? null : c.getState().getHealth().getStatus();
    return ServiceView.builder(service, imageName)
        .user(user).readOnlyRootFilesystem(Boolean.TRUE.equals(host.getReadonlyRootfs()))
        .securityOpt(host.getSecurityOpts() == null ? List.of() : host.getSecurityOpts())
        .capDrop(caps(host.getCapDrop())).capAdd(caps(host.getCapAdd())).privileged(Boolean.TRUE.equals(host.getPrivileged()))
        .networkMode(networkMode).pid(nonEmpty(host.getPidMode())).ipc(nonEmpty(host.getIpcMode()))
        .usernsMode(nonEmpty(host.getUsernsMode())).uts(nonEmpty(host.getUtSMode()))
        .devices(host.getDevices() == null ? List.of() : Arrays.stream(host.getDevices())
            .map(d -> d.getPathOnHost() + ":" + d.getPathInContainer() + ":" + d.getcGroupPermissions()).toList())
        .ports(ports(c)).mounts(mounts(c, host)).hasHealthCheck(healthCheck)
        .restart(Optional.ofNullable(restartName))
        .restartMaxRetries(Optional.ofNullable(restart == null ? null : restart.getMaximumRetryCount()).filter(n -> n > 0))
        .hasMemoryLimit(positive(host.getMemory())).hasCpuLimit(positive(host.getNanoCPUs()) || positive(host.getCpuQuota()))
        .hasPidsLimit(positive(host.getPidsLimit())).hasUlimits(host.getUlimits() != null && host.getUlimits().length > 0)
        .logDriver(Optional.ofNullable(host.getLogConfig()).map(l -> l.getType() == null ? null : l.getType().getType()))
        .logOptions(Optional.ofNullable(host.getLogConfig()).map(l -> l.getConfig()).orElse(Map.of()))
        .literalEnvironment(env).accepted(defined.map(Service::accepted).orElse(Map.of()))
        .state(Optional.ofNullable(c.getState().getStatus())).health(Optional.ofNullable(health))
        .restartCount(c.getRestartCount() == null ? 0 : c.getRestartCount())
        .build();
  }

  private static Optional<InspectImageResponse> image(DockerClient docker, String id) {
    try {
      return Optional.of(docker.inspectImageCmd(id).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static boolean hasCheck(com.github.dockerjava.api.model.HealthCheck check) {
    return check != null && check.getTest() != null && !check.getTest().isEmpty() && !check.getTest().get(0).equals("NONE");
  }

  private static List<PortMapping> ports(InspectContainerResponse c) {
    List<PortMapping> ports = new ArrayList<>();
    Ports bound = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
    if (bound == null || bound.getBindings() == null) {
      return ports;
    }
    bound.getBindings().forEach((exposed, bindings) -> {
      if (bindings == null) {
        return;
      }
      for (Ports.Binding b : bindings) {
        String ip = b.getHostIp() == null || b.getHostIp().isEmpty() ? "0.0.0.0" : b.getHostIp();
        Optional<PortRange> published = Optional.ofNullable(b.getHostPortSpec()).filter(p -> !p.isEmpty()).map(p -> PortRange.of(Integer.parseInt(p)));
        ports.add(new PortMapping(ip, published, exposed.getPort(), Protocol.valueOf(exposed.getProtocol().name())));
      }
    });
    return ports;
  }

  private static List<Mount> mounts(InspectContainerResponse c, HostConfig host) {
    List<Mount> mounts = new ArrayList<>();
    if (c.getMounts() == null) {
      return mounts;
    }
    for (InspectContainerResponse.Mount m : c.getMounts()) {
      String target = m.getDestination() == null ? "" : m.getDestination().getPath();
      boolean readOnly = !Boolean.TRUE.equals(m.getRW());
      String name = m.getName() == null ? "" : m.getName();
      if (name.isEmpty() && m.getSource() != null && !m.getSource().isEmpty() && !m.getSource().startsWith("/var/lib/docker/volumes/")) {
        mounts.add(new Mount.BindMount(m.getSource(), target, readOnly, propagation(host, target)));
      } else if (!name.isEmpty()) {
        mounts.add(new Mount.VolumeMount(ANONYMOUS.matcher(name).matches() ? "" : name, target, readOnly));
      }
    }
    return mounts;
  }

  /** docker-java's inspect has no propagation field; the create request's mounts (HostConfig) do. */
  private static Optional<String> propagation(HostConfig host, String target) {
    if (host.getMounts() == null) {
      return Optional.empty();
    }
    return host.getMounts().stream()
        .filter(m -> m.getTarget() != null && m.getTarget().equals(target) && m.getBindOptions() != null && m.getBindOptions().getPropagation() != null)
        .map(m -> m.getBindOptions().getPropagation().name().toLowerCase(Locale.ROOT).replace("_", ""))
        .findFirst();
  }

  private static Set<String> caps(Capability[] caps) {
    Set<String> names = new LinkedHashSet<>();
    if (caps != null) {
      Arrays.stream(caps).forEach(c -> names.add(c.name().toUpperCase(Locale.ROOT)));
    }
    return names;
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static boolean positive(Long value) {
    return value != null && value > 0;
  }
}
