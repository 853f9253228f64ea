package dev.sentinel.runtime.internal;

import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    default java.util.Optional<ContainerSpec.MountSpec> holder(String service) {
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
        environment(s),
        new TreeMap<>(s.labels()),
        SecurityMapping.spec(s.security(), this::firstContainer),
        NamingMapping.spec(s.naming()),
        NetworkingMapping.spec(s, spec, replica),
        mounts(s),
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

  private Map<String, String> environment(Service s) {
    Map<String, String> env = new TreeMap<>();
    s.environment().forEach((key, value) -> env.put(key, envValue(s, key, value)));
    return env;
  }

  private String envValue(Service s, String key, EnvValue value) {
    if (value instanceof EnvValue.Literal l) {
      return l.value();
    }
    if (value instanceof EnvValue.FromHost h) {
      String v = hostEnvironment.apply(h.variable());
      if (v == null || v.isEmpty()) {
        if (h.defaultValue().isPresent()) {
          return h.defaultValue().get();
        }
        if (h.required()) {
          throw new IllegalArgumentException("service \"" + s.name() + "\": environment " + key
              + " reads host variable " + h.variable() + ", which is not set on the deploying host");
        }
        return "";
      }
      return v;
    }
    String secret = ((EnvValue.SecretFile) value).secret();
    return s.secrets().stream().filter(m -> m.source().equals(secret)).map(FileMount::target).findFirst()
        .orElse(FileMount.defaultSecretTarget(secret));
  }

  private List<ContainerSpec.MountSpec> mounts(Service s) {
    List<ContainerSpec.MountSpec> mounts = new ArrayList<>();
    for (Mount m : s.mounts()) {
      if (m instanceof Mount.VolumeMount v) {
        // An anonymous volume has no source: the engine creates one for the container (and Sentinel
        // removes it with the container).
        mounts.add(new ContainerSpec.MountSpec("volume", v.isAnonymous() ? null : spec.volumeEngineName(v.source()), v.target(),
            v.readOnly(), null, null));
      } else if (m instanceof Mount.BindMount b) {
        mounts.add(new ContainerSpec.MountSpec("bind", Path.of(b.source()).toAbsolutePath().normalize().toString(), b.target(), b.readOnly(),
            null, null, null, b.propagation().orElse(null)));
      } else {
        Mount.TmpfsMount t = (Mount.TmpfsMount) m;
        mounts.add(new ContainerSpec.MountSpec("tmpfs", null, t.target(), false, t.size().map(z -> z.bytes()).orElse(null), t.mode().orElse(null),
            null, null, t.options().isEmpty() ? null : t.options()));
      }
    }
    files.holder(s.name()).ifPresent(mounts::add);
    for (FileMount f : s.secrets()) {
      mounts.add(new ContainerSpec.MountSpec("bind", files.secret(s.name(), f.source()), f.target(), true, null, null,
          secretVersions.get(f.source()), null));
    }
    for (FileMount f : s.configs()) {
      mounts.add(new ContainerSpec.MountSpec("bind", files.config(s.name(), f.source()), f.target(), true, null, null));
    }
    return mounts;
  }



}
