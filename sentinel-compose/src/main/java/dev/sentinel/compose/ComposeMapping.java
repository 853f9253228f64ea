package dev.sentinel.compose;

import dev.sentinel.dsl.BackupPolicy;
import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.Ipam;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one mapping between the model and the Compose Specification's YAML tree ({@code Map}s,
 * {@code List}s and scalars in a fixed key order). Export writes this tree; overrides are the
 * difference of two such trees. Literal strings are escaped ({@code $} to {@code $$}) so Compose
 * never interpolates what the definition meant literally.
 */
final class ComposeMapping {
  private final Function<Secret, String> generatedSecretFile;

  /** @param generatedSecretFile where the file of a generated secret lives, as the export refers to it */
  ComposeMapping(Function<Secret, String> generatedSecretFile) {
    this.generatedSecretFile = generatedSecretFile;
  }

  /** The whole Compose file for {@code spec}. */
  Map<String, Object> toTree(StackSpec spec) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", spec.name());
    Map<String, Object> services = new LinkedHashMap<>();
    spec.services().forEach((name, s) -> services.put(name, service(s)));
    root.put("services", services);
    putSection(root, "networks", spec.networks(), this::network);
    putSection(root, "volumes", spec.volumes(), this::volume);
    putSection(root, "secrets", spec.secrets(), this::secret);
    putSection(root, "configs", spec.configs(), this::config);
    return root;
  }

  private static <T> void putSection(Map<String, Object> root, String key, Map<String, T> elements, Function<T, Map<String, Object>> map) {
    if (!elements.isEmpty()) {
      Map<String, Object> section = new LinkedHashMap<>();
      elements.forEach((name, e) -> section.put(name, map.apply(e)));
      root.put(key, section);
    }
  }

  /** Escapes {@code $} so that Compose keeps a literal string as written. */
  static String literal(String value) {
    return value.replace("$", "$$");
  }

  /** {@link #literal} of each value, as a mutable list for the YAML writer. */
  static List<Object> literals(List<String> values) {
    return new ArrayList<>(values.stream().map(ComposeMapping::literal).toList());
  }

  Map<String, Object> service(Service s) {
    Map<String, Object> m = new LinkedHashMap<>();
    ImageSourceSection.write(s.imageSource(), m);
    ExecutionSection.write(s.execution(), m);
    EnvironmentSection.write(s.environment(), s.storage(), m);
    if (!s.labels().isEmpty()) {
      Map<String, Object> labels = new LinkedHashMap<>();
      s.labels().forEach((k, v) -> labels.put(k, literal(v)));
      m.put("labels", labels);
    }
    NetworkingSection.write(s.networking(), m);
    NamingSection.write(s.naming(), m);
    StorageSection.write(s.storage(), m);
    LifecycleSection.write(s.lifecycle(), m);
    SecuritySection.write(s.security(), m);
    KernelSection.write(s.kernel(), m);
    LoggingSection.write(s.logging(), m);
    if (!s.profiles().isEmpty()) {
      m.put("profiles", new ArrayList<>(s.profiles()));
    }
    if (!s.accepted().isEmpty()) {
      m.put("x-sentinel-accept", new LinkedHashMap<>(s.accepted()));
    }
    DeploySection.write(s.deploy(), s.resources(), m);
    return m;
  }





  private Map<String, Object> network(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (n.external()) {
      m.put("external", true);
      n.fixedName().ifPresent(name -> m.put("name", name));
      return m;
    }
    n.fixedName().ifPresent(name -> m.put("name", name));
    n.driver().ifPresent(d -> m.put("driver", d));
    if (n.internal()) {
      m.put("internal", true);
    }
    if (n.attachable()) {
      m.put("attachable", true);
    }
    if (!n.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<>(n.labels()));
    }
    if (!n.driverOptions().isEmpty()) {
      m.put("driver_opts", new LinkedHashMap<>(n.driverOptions()));
    }
    if (n.enableIpv6()) {
      m.put("enable_ipv6", true);
    }
    if (n.ipam().isSet()) {
      Map<String, Object> ipam = new LinkedHashMap<>();
      n.ipam().driver().ifPresent(d -> ipam.put("driver", d));
      if (!n.ipam().pools().isEmpty()) {
        List<Map<String, Object>> config = new ArrayList<>();
        for (Ipam.Pool p : n.ipam().pools()) {
          Map<String, Object> pool = new LinkedHashMap<>();
          pool.put("subnet", p.subnet());
          p.ipRange().ifPresent(r -> pool.put("ip_range", r));
          p.gateway().ifPresent(g -> pool.put("gateway", g));
          if (!p.auxAddresses().isEmpty()) {
            pool.put("aux_addresses", new LinkedHashMap<>(p.auxAddresses()));
          }
          config.add(pool);
        }
        ipam.put("config", config);
      }
      if (!n.ipam().options().isEmpty()) {
        ipam.put("options", new LinkedHashMap<>(n.ipam().options()));
      }
      m.put("ipam", ipam);
    }
    return m;
  }

  private Map<String, Object> volume(Volume v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v.external()) {
      m.put("external", true);
      v.fixedName().ifPresent(name -> m.put("name", name));
      return m;
    }
    v.fixedName().ifPresent(name -> m.put("name", name));
    v.driver().ifPresent(d -> m.put("driver", d));
    if (!v.driverOptions().isEmpty()) {
      m.put("driver_opts", new LinkedHashMap<>(v.driverOptions()));
    }
    if (!v.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<>(v.labels()));
    }
    if (!v.backup().equals(BackupPolicy.DEFAULT)) {
      Map<String, Object> backup = new LinkedHashMap<>();
      backup.put("consistency", v.backup().consistency().name().toLowerCase(java.util.Locale.ROOT));
      v.backup().before().ifPresent(h -> backup.put("before", hook(h)));
      v.backup().after().ifPresent(h -> backup.put("after", hook(h)));
      m.put("x-sentinel-backup", backup);
    }
    return m;
  }

  private static Map<String, Object> hook(BackupPolicy.Hook h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", h.service());
    m.put("command", literals(h.command()));
    return m;
  }

  private Map<String, Object> secret(Secret s) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (s.source() instanceof Secret.Source.FromFile f) {
      m.put("file", f.path());
    } else if (s.source() instanceof Secret.Source.FromEnvironment e) {
      m.put("environment", e.variable());
    } else if (s.source() instanceof Secret.Source.External e) {
      m.put("external", true);
      m.put("name", e.engineName());
    } else {
      m.put("file", generatedSecretFile.apply(s));
    }
    return m;
  }

  private Map<String, Object> config(Config c) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (c.source() instanceof Config.Source.Content content) {
      m.put("content", literal(content.content()));
    } else if (c.source() instanceof Config.Source.External e) {
      m.put("external", true);
      m.put("name", e.engineName());
    } else {
      m.put("file", ((Config.Source.FromFile) c.source()).path());
    }
    return m;
  }
}
