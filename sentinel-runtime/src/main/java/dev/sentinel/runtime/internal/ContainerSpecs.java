package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns a service of a resolved stack into the {@link ContainerSpec} of each of its replicas. */
public final class ContainerSpecs {
  private final StackSpec spec;
  private final Function<String, String> hostEnvironment;
  private final FileSources files;
  private final Map<String, String> secretVersions;

  /** Where a service's secret and config files are bind-mounted from, as the engine sees paths. */
  public interface FileSources {
    /** The source of {@code secret}'s file for {@code service}. */
    String secret(String service, String secret);

    /** The source of {@code config}'s file for {@code service}. */
    String config(String service, String config);

    /** A volume the service's containers also mount, holding its files; empty when there is none. */
    default java.util.Optional<StorageMapping.MountSpec> holder(String service) {
      return java.util.Optional.empty();
    }
  }

  /**
   * @param spec the stack, for the engine's names of its networks and volumes
   * @param hostEnvironment the deploying host's variables, for {@link EnvValue.FromHost}
   * @param files where each service's secret and config files are mounted from
   * @param secretVersions each secret's content version, by secret name
   */
  public ContainerSpecs(StackSpec spec, Function<String, String> hostEnvironment, FileSources files, Map<String, String> secretVersions) {
    this.spec = spec;
    this.hostEnvironment = hostEnvironment;
    this.files = files;
    this.secretVersions = secretVersions;
  }

  /** The key secret files are known by: they are per service, owned by its user. */
  public static String secretKey(String service, String secret) {
    return service + "/" + secret;
  }

  /**
   * The spec of replica {@code replica} (1-based) of {@code s}.
   *
   * @throws IllegalArgumentException naming the service and variable when a required host variable is unset
   */
  public ContainerSpec of(Service s, String imageId, int replica) {
    return new ContainerSpec(
        Images.reference(spec.name(), s),
        imageId,
        ExecutionMapping.spec(s.execution()),
        EnvironmentMapping.spec(s, hostEnvironment),
        new TreeMap<>(s.labels()),
        SecurityMapping.spec(s.security(), this::firstContainer),
        NamingMapping.spec(s.naming()),
        NetworkingMapping.spec(s, spec, replica),
        StorageMapping.spec(s, spec, files, secretVersions),
        LifecycleMapping.spec(s),
        ResourcesMapping.spec(s.resources()),
        KernelMapping.spec(s.kernel()),
        LoggingMapping.spec(s.logging()));
  }

  /** The engine's name of {@code service}'s first container, whose volumes a {@code volumes_from} entry mounts. */
  private String firstContainer(String service) {
    Service source = spec.services().get(service);
    return source == null ? Labels.containerName(spec.name(), service, 1)
        : source.naming().containerName().orElse(Labels.containerName(spec.name(), service, 1));
  }









}
