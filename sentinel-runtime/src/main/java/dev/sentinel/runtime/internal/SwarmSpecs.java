package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Sentinel service as a Swarm service spec: the container settings come from the same {@link
 * ContainerSpec} the single-engine target uses (so both read a definition identically); secrets and
 * configs become Swarm secrets and configs; replicas, update and rollback, restart, resources and
 * placement come from the service's deploy settings.
 */
public final class SwarmSpecs {
  private SwarmSpecs() {}

  /**
   * @param container the service's container spec (secret and config bind mounts are ignored here)
   * @param secretNames the Swarm name of each secret (versioned by content), by Sentinel name
   * @param configNames the Swarm name of each config, by Sentinel name
   * @param dnsrr whether to use DNS round-robin (no VIP; ports published in host mode)
   */
  public static ServiceSpec of(String stack, Service s, ContainerSpec container, Map<String, String> secretNames,
      Map<String, String> configNames, boolean dnsrr, Map<String, String> labels) {
    SwarmModelExtensions.HardenedContainerSpec spec = new SwarmModelExtensions.HardenedContainerSpec();
    spec
        .withImage(container.image())
        .withEnv(EnvironmentMapping.engineForm(container.environment()))
        .withLabels(container.labels())
        .withMounts(mounts(volumeLabels(labels), container, s));
    ExecutionMapping.applyTo(container.execution(), spec);
    SecurityMapping.applyTo(container.security(), spec);
    NamingMapping.applyTo(container.naming(), spec);
    KernelMapping.applyTo(container.kernel(), spec);
    LifecycleMapping.applyTo(container.lifecycle(), spec);
    List<ContainerSpecSecret> secrets = new ArrayList<>();
    for (FileMount m : s.storage().secrets()) {
      secrets.add(new ContainerSpecSecret().withSecretName(secretNames.get(m.source())).withSecretId(secretNames.get(m.source() + "#id"))
          .withFile(file(m, 0400, container.security().user())));
    }
    spec.withSecrets(secrets);
    List<ContainerSpecConfig> configs = new ArrayList<>();
    for (FileMount m : s.storage().configs()) {
      configs.add(new ContainerSpecConfig().withConfigName(configNames.get(m.source())).withConfigID(configNames.get(m.source() + "#id"))
          .withFile(file(m, 0444, container.security().user())));
    }
    spec.withConfigs(configs);

    ResourceRequirements resources = ResourcesMapping.swarm(s.resources());

    TaskSpec task = new TaskSpec().withContainerSpec(spec).withResources(resources);
    DeployMapping.applyTo(s, task);
    ExecutionMapping.applyTo(container.execution(), task);
    LoggingMapping.applyTo(container.logging(), task);
    EndpointSpec endpoint = NetworkingMapping.applyTo(container.networking(), s, task, dnsrr);
    ServiceSpec service = new ServiceSpec()
        .withName(stack + "_" + s.name())
        .withLabels(new LinkedHashMap<>(labels))
        .withTaskTemplate(task)
        .withEndpointSpec(endpoint);
    DeployMapping.applyTo(s.deploy(), service);
    return service;
  }

  /** The Compose attributes of {@code s} that a Swarm task has no setting for, as each section reports them. */
  public static List<String> ignoredOnSwarm(Service s) {
    List<String> ignored = new ArrayList<>();
    ignored.addAll(LifecycleMapping.ignoredOnSwarm(s.lifecycle()));
    ignored.addAll(SecurityMapping.ignoredOnSwarm(s.security()));
    ignored.addAll(NamingMapping.ignoredOnSwarm(s.naming()));
    ignored.addAll(NetworkingMapping.ignoredOnSwarm(s.networking()));
    return ignored;
  }

  /** Owned by the service's numeric user (as on a single engine), so a non-root service can read it. */
  /** The stack's labels (and any extra ones), without the per-service hashes. */
  private static Map<String, String> volumeLabels(Map<String, String> labels) {
    Map<String, String> volume = new LinkedHashMap<>(labels);
    volume.keySet().removeIf(k -> k.equals(Labels.SERVICE) || k.equals(Labels.CONFIG_HASH) || k.equals(Labels.SPEC) || k.startsWith("dev.sentinel.task"));
    return volume;
  }

  private static ContainerSpecFile file(FileMount m, long defaultMode, String user) {
    String[] ids = user == null ? new String[] {"0"} : user.split(":");
    String uid = ids[0].chars().allMatch(Character::isDigit) ? ids[0] : "0";
    String gid = ids.length > 1 && ids[1].chars().allMatch(Character::isDigit) ? ids[1] : uid;
    boolean named = !uid.equals(ids[0]);
    return new ContainerSpecFile().withName(m.target()).withUid(m.uid().orElse(uid)).withGid(m.gid().orElse(gid))
        .withMode((long) m.mode().orElse(named ? 0444 : (int) defaultMode));
  }

  private static List<Mount> mounts(Map<String, String> volumeLabels, ContainerSpec container, Service s) {
    java.util.Set<String> fileTargets = new java.util.HashSet<>();
    s.storage().secrets().forEach(m -> fileTargets.add(m.target()));
    s.storage().configs().forEach(m -> fileTargets.add(m.target()));
    List<Mount> mounts = new ArrayList<>();
    for (StorageMapping.MountSpec m : container.storage().mounts()) {
      if (!fileTargets.contains(m.target())) { // secret and config files become Swarm secrets and configs
        Mount mount = StorageMapping.mount(m);
        if (m.type().equals("volume")) {
          // Swarm creates volumes on each node as tasks need them; labelled, down can find them.
          mount.withVolumeOptions(new com.github.dockerjava.api.model.VolumeOptions().withLabels(volumeLabels));
        }
        mounts.add(mount);
      }
    }
    return mounts;
  }
}
