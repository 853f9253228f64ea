package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.ServiceSpec;
import com.google.common.hash.Hashing;
import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stack should look like on a swarm: its overlay networks and one service spec per service,
 * each labelled with the hash of what its tasks run ({@link #TASK_HASH}) and of the whole service.
 * Secrets and configs are named by content version; with {@code create} they are created too.
 *
 * @param networks the overlay networks, by engine name
 * @param networkDefinitions their definitions
 * @param services the service specs, by Swarm service name
 */
public record SwarmDesired(List<String> networks, Map<String, Network> networkDefinitions, Map<String, ServiceSpec> services) {
  /** The hash of what the service's tasks run; when it changes, the engine rolls the tasks. */
  public static final String TASK_HASH = "dev.sentinel.task-hash";

  /** Desired networks and service specs; with {@code create}, secrets and configs are created too. */
  public static SwarmDesired of(DockerClient docker, StackSpec spec, ApplyOptions options, boolean create, boolean dnsrr,
      Map<String, String> base) {
    Map<String, Service> services = spec.enabledServices(options.profiles());
    List<String> networks = new ArrayList<>();
    Map<String, Network> definitions = new LinkedHashMap<>();
    spec.networks().values().stream().filter(n -> !n.external()).forEach(n -> {
      networks.add(n.engineName(spec.name()));
      definitions.put(n.engineName(spec.name()), n);
    });
    if (services.values().stream().anyMatch(s -> s.networking().joinsDefaultNetwork())) {
      networks.add(Labels.networkName(spec.name(), "default"));
      definitions.put(Labels.networkName(spec.name(), "default"), Network.named("default").withAttachable(true));
    }
    StateFiles files = new StateFiles(options.stateDirectory(), spec.name());
    Map<String, String> versions = files.secretVersions(spec, services, options.secretStore());
    Map<String, String> secretNames = new LinkedHashMap<>();
    versions.forEach((secret, version) -> {
      String name = spec.name() + "_" + secret + "_" + version;
      secretNames.put(secret, name);
      if (create) {
        secretNames.put(secret + "#id", ensureSecret(docker, name, options.secretStore().value(spec.name(), spec.secrets().get(secret)), base));
      }
    });
    // External secrets and configs are used by their Swarm name; they must exist (found at plan time too).
    services.values().forEach(s -> s.storage().secrets().forEach(m -> {
      if (spec.secrets().get(m.source()).source() instanceof Secret.Source.External e && !secretNames.containsKey(m.source())) {
        secretNames.put(m.source(), e.engineName());
        secretNames.put(m.source() + "#id", existing("secret", e.engineName(), docker.listSecretsCmd().withNameFilter(List.of(e.engineName())).exec()
            .stream().filter(x -> x.getSpec().getName().equals(e.engineName())).map(x -> x.getId()).findFirst()));
      }
    }));
    Map<String, String> configNames = new LinkedHashMap<>();
    spec.configs().forEach((configName, config) -> {
      if (config.source() instanceof Config.Source.External e) {
        configNames.put(configName, e.engineName());
        configNames.put(configName + "#id", existing("config", e.engineName(), docker.listConfigsCmd().withFilters(Map.of("name", List.of(e.engineName())))
            .exec().stream().filter(x -> x.getSpec().getName().equals(e.engineName())).map(x -> x.getId()).findFirst()));
        return;
      }
      byte[] content = StateFiles.configContent(config);
      String name = spec.name() + "_" + configName + "_" + Hashing.sha256().hashBytes(content).toString().substring(0, 12);
      configNames.put(configName, name);
      if (create) {
        configNames.put(configName + "#id", ensureConfig(docker, name, content, base));
      }
    });
    ContainerSpecs containers = new ContainerSpecs(spec, options.hostEnvironment()::get, files.sources(spec, services), versions);
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    for (Service s : services.values()) {
      String image = Images.reference(spec.name(), s);
      String imageId = create ? Images.ensure(docker, spec.name(), s, line -> {}, () -> {}) : Images.localId(docker, image).orElse("(pending)");
      ContainerSpec container = containers.of(s, imageId, 1);
      Map<String, String> labels = new LinkedHashMap<>(base);
      // Secrets and configs are named by content version, so a rotation or edit changes the hash.
      Map<String, String> references = new java.util.TreeMap<>();
      secretNames.forEach((k, v) -> {
        if (!k.contains("#")) {
          references.put("secret:" + k, v);
        }
      });
      configNames.forEach((k, v) -> {
        if (!k.contains("#")) {
          references.put("config:" + k, v);
        }
      });
      String taskHash = SpecJson.hash(SpecJson.canonical(container) + references);
      labels.put(Labels.SERVICE, s.name());
      labels.put(TASK_HASH, taskHash);
      labels.put(Labels.CONFIG_HASH, SpecJson.hash(taskHash + "|replicas=" + s.deploy().replicas() + "|" + serviceLevelText(s)));
      labels.put(Labels.SPEC, SpecJson.canonical(container));
      ServiceSpec serviceSpec = SwarmSpecs.of(spec.name(), s, container, secretNames, configNames, dnsrr, labels);
      Map<String, String> containerLabels = new LinkedHashMap<>(container.labels());
      containerLabels.putAll(base);
      containerLabels.put(Labels.SERVICE, s.name());
      serviceSpec.getTaskTemplate().getContainerSpec().withLabels(containerLabels);
      specs.put(spec.name() + "_" + s.name(), serviceSpec);
    }
    return new SwarmDesired(networks, definitions, specs);
  }

  private static String existing(String kind, String name, Optional<String> id) {
    return id.orElseThrow(() -> new IllegalStateException(kind + " \"" + name + "\" is external, but the Swarm has no such " + kind
        + "; create it first (docker " + kind + " create " + name + " FILE)"));
  }

  private static String ensureSecret(DockerClient docker, String name, byte[] value, Map<String, String> labels) {
    var found = docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream().filter(s -> s.getSpec().getName().equals(name)).findFirst();
    if (found.isPresent()) {
      return found.get().getId();
    }
    return docker.createSecretCmd(new SecretSpec().withName(name).withData(new String(value, StandardCharsets.UTF_8)).withLabels(labels))
        .exec().getId();
  }

  private static String ensureConfig(DockerClient docker, String name, byte[] content, Map<String, String> labels) {
    var found = docker.listConfigsCmd().withFilters(Map.of("name", List.of(name))).exec().stream()
        .filter(c -> c.getSpec().getName().equals(name)).findFirst();
    if (found.isPresent()) {
      return found.get().getId();
    }
    return docker.createConfigCmd().withName(name).withData(content).withLabels(labels).exec().getId();
  }

  /**
   * The service-level settings the task hash does not cover, as text for the service's hash. It
   * keeps the form the hash had before mode, endpoint mode, labels, rollback and port modes existed
   * (the deploy record's text), adding each of those only when set: an upgrade of Sentinel must not
   * update every Swarm service of a fleet.
   */
  static String serviceLevelText(dev.sentinel.dsl.Service s) {
    dev.sentinel.dsl.Deploy d = s.deploy();
    StringBuilder text = new StringBuilder("Deploy[replicas=" + d.replicas() + ", update=" + d.update() + ", placementConstraints="
        + d.placementConstraints() + ", restartPolicy=" + d.restartPolicy() + "]");
    if (d.global()) {
      text.append("|global");
    }
    if (d.dnsRoundRobin()) {
      text.append("|dnsrr");
    }
    if (!d.labels().isEmpty()) {
      text.append("|labels=").append(new java.util.TreeMap<>(d.labels()));
    }
    d.rollback().ifPresent(r -> text.append("|rollback=").append(r));
    s.networking().ports().stream().filter(dev.sentinel.dsl.PortMapping::hostMode).forEach(p -> text.append("|host-mode=").append(p));
    return text.toString();
  }
}
