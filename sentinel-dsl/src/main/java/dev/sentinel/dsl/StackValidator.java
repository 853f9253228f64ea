package dev.sentinel.dsl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every rule a stack spec must satisfy, checked in one pass. Rules about references, dependencies
 * and ports live in their own classes; this one walks the stack and calls them.
 */
final class StackValidator {
  static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  static final Pattern ELEMENT_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private StackValidator() {}

  /** Every problem of {@code spec}, in a stable order; empty when it is valid. */
  static List<Problem> validate(StackSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (!STACK_NAME.matcher(spec.name()).matches()) {
      problems.add(new Problem("name",
          "\"" + spec.name() + "\" is not a valid stack name (lowercase letters, digits, '-' and '_', starting with a letter or digit)"));
    }
    checkNames("services", spec.services().keySet(), problems);
    checkNames("networks", spec.networks().keySet(), problems);
    checkNames("volumes", spec.volumes().keySet(), problems);
    checkNames("secrets", spec.secrets().keySet(), problems);
    checkNames("configs", spec.configs().keySet(), problems);
    for (Service service : spec.services().values()) {
      checkService(spec, service, problems);
    }
    for (Volume volume : spec.volumes().values()) {
      String path = "volumes." + volume.name() + ".x-sentinel-backup";
      volume.backup().before().ifPresent(h -> reference(spec.services(), h.service(), "service", path + ".before", problems));
      volume.backup().after().ifPresent(h -> reference(spec.services(), h.service(), "service", path + ".after", problems));
    }
    DependencyRules.check(spec, problems);
    PortRules.check(spec, problems);
    return problems;
  }

  private static void checkNames(String kind, Collection<String> names, List<Problem> problems) {
    for (String name : names) {
      if (!ELEMENT_NAME.matcher(name).matches()) {
        problems.add(new Problem(kind + "." + name,
            "\"" + name + "\" is not a valid name (letters, digits, '.', '-' and '_', starting with a letter or digit)"));
      }
    }
  }

  private static void checkService(StackSpec spec, Service s, List<Problem> problems) {
    String path = "services." + s.name();
    if (s.imageSource().image().isEmpty() && s.imageSource().build().isEmpty()) {
      problems.add(new Problem(path, "service has neither an image nor a build"));
    }
    s.networking().networks().keySet().forEach(n -> reference(spec.networks(), n, "network", path + ".networks." + n, problems));
    s.networking().networks().values().forEach(m -> checkFixedAddresses(spec, s, m, path + ".networks." + m.network(), problems));
    for (String link : s.naming().links()) {
      String target = Naming.linkedService(link);
      if (!spec.services().containsKey(target)) {
        problems.add(new Problem(path + ".links", "links to service \"" + target + "\", which the stack does not define"));
      } else if (target.equals(s.name())) {
        problems.add(new Problem(path + ".links", "a service cannot link to itself"));
      }
    }
    for (VolumesFrom from : s.security().volumesFrom()) {
      if (from.container()) {
        continue; // a container outside the stack: the engine checks it exists when it creates the service's containers
      }
      if (from.source().equals(s.name())) {
        problems.add(new Problem(path + ".volumes_from", "a service cannot mount its own volumes"));
      } else {
        reference(spec.services(), from.source(), "service", path + ".volumes_from", problems);
      }
    }
    Optional<String> mode = s.networking().networkMode();
    if (mode.isPresent()) {
      String m = mode.get();
      if (!s.networking().networks().isEmpty()) {
        problems.add(new Problem(path + ".network_mode",
            "network_mode \"" + m + "\" cannot be combined with networks (" + String.join(", ", s.networking().networks().keySet()) + ")"));
      }
      if ((m.equals("host") || m.equals("none") || m.startsWith("service:") || m.startsWith("container:")) && !s.networking().ports().isEmpty()) {
        problems.add(new Problem(path + ".ports", "ports cannot be published with network_mode \"" + m + "\""));
      }
      if (m.startsWith("service:")) {
        reference(spec.services(), m.substring("service:".length()), "service", path + ".network_mode", problems);
      }
    }
    long swap = s.kernel().memswapLimitBytes().orElse(-1L);
    if (swap >= 0 && s.resources().memoryLimit().map(m -> m.bytes() > swap).orElse(false)) {
      problems.add(new Problem(path + ".memswap_limit", "memory plus swap (" + swap + " bytes) is less than the memory limit ("
          + s.resources().memoryLimit().get().bytes() + " bytes)"));
    }
    if (swap >= 0 && s.resources().memoryLimit().isEmpty()) {
      problems.add(new Problem(path + ".memswap_limit", "memswap_limit needs a memory limit (mem_limit or deploy.resources.limits.memory)"));
    }
    for (Mount mount : s.storage().mounts()) {
      String at = path + ".volumes." + mount.target();
      absolute(mount.target(), at, problems);
      if (mount instanceof Mount.VolumeMount v && !v.isAnonymous()) {
        reference(spec.volumes(), v.source(), "volume", at, problems);
      } else if (mount instanceof Mount.BindMount b && b.source().isBlank()) {
        problems.add(new Problem(at, "a bind mount needs a host path"));
      }
    }
    checkFileMounts(spec.secrets(), s.storage().secrets(), "secret", path + ".secrets", problems);
    checkFileMounts(spec.configs(), s.storage().configs(), "config", path + ".configs", problems);
    s.environment().variables().forEach((variable, value) -> {
      if (value instanceof EnvValue.SecretFile f && s.storage().secrets().stream().noneMatch(m -> m.source().equals(f.secret()))) {
        problems.add(new Problem(path + ".environment." + variable, "refers to secret \"" + f.secret() + "\", which the service does not mount"));
      }
    });
    if (s.deploy().replicas() > 1 && s.naming().containerName().isPresent()) {
      problems.add(new Problem(path + ".container_name",
          "a fixed container name (\"" + s.naming().containerName().get() + "\") allows one replica, not " + s.deploy().replicas()));
    }
    if (s.deploy().global() && s.deploy().replicas() != 1) {
      problems.add(new Problem(path + ".deploy.replicas", "a global service runs one task per node; replicas (" + s.deploy().replicas()
          + ") cannot be set with mode: global"));
    }
    if (s.deploy().replicas() > 1 && s.naming().macAddress().isPresent()) {
      problems.add(new Problem(path + ".mac_address",
          "a fixed MAC address (" + s.naming().macAddress().get() + ") allows one replica, not " + s.deploy().replicas()));
    }
    if (s.hardened() && s.security().user().map(u -> u.isRoot()).orElse(true)) {
      problems.add(new Problem(path + ".user",
          "a hardened service needs a non-root user, e.g. user(10001, 10001); " + s.security().user().map(u -> "got \"" + u + "\"").orElse("none is set")));
    }
    if (s.security().readOnlyRootFilesystem()) {
      for (FileMount m : s.storage().secrets()) {
        Secret secret = spec.secrets().get(m.source());
        if (secret != null && secret.source() instanceof Secret.Source.FromEnvironment) {
          problems.add(new Problem(path + ".secrets." + m.source(),
              "secret \"" + m.source() + "\" comes from an environment variable, which Compose writes into the container;"
                  + " that fails with read_only: true. Use a file or a generated secret"));
        }
      }
    }
    var r = s.resources();
    if (r.memoryLimit().isPresent() && r.memoryReservation().isPresent() && r.memoryReservation().get().compareTo(r.memoryLimit().get()) > 0) {
      problems.add(new Problem(path + ".deploy.resources.reservations.memory",
          "reservation " + r.memoryReservation().get() + " is more than the limit " + r.memoryLimit().get()));
    }
    if (r.cpuLimit().isPresent() && r.cpuReservation().isPresent() && r.cpuReservation().get().compareTo(r.cpuLimit().get()) > 0) {
      problems.add(new Problem(path + ".deploy.resources.reservations.cpus",
          "reservation " + r.cpuReservation().get() + " is more than the limit " + r.cpuLimit().get()));
    }
    for (Dependency d : s.lifecycle().dependsOn().values()) {
      reference(spec.services(), d.service(), "service", path + ".depends_on." + d.service(), problems);
    }
  }

  /** A fixed address needs one replica and a declared subnet that contains it (the engine would refuse it at create). */
  private static void checkFixedAddresses(StackSpec spec, Service s, ServiceNetwork m, String path, List<Problem> problems) {
    Network network = spec.networks().get(m.network());
    for (Optional<String> fixed : List.of(m.ipv4Address(), m.ipv6Address())) {
      if (fixed.isEmpty()) {
        continue;
      }
      if (s.deploy().replicas() > 1) {
        problems.add(new Problem(path, "a fixed address (" + fixed.get() + ") allows one replica, not " + s.deploy().replicas()));
      }
      if (network != null && !network.external() && !network.ipam().contains(fixed.get())) {
        problems.add(new Problem(path, fixed.get() + " is not inside a subnet of network " + m.network() + (network.ipam().pools().isEmpty()
            ? " (it declares none; a fixed address needs one, e.g. subnet(\"172.28.0.0/16\"))"
            : " (" + String.join(", ", network.ipam().pools().stream().map(Ipam.Pool::subnet).toList()) + ")")));
      }
    }
  }

  private static void checkFileMounts(Map<String, ?> defined, List<FileMount> mounts, String kind, String path, List<Problem> problems) {
    for (FileMount m : mounts) {
      reference(defined, m.source(), kind, path + "." + m.source(), problems);
      absolute(m.target(), path + "." + m.source() + ".target", problems);
    }
  }

  private static void absolute(String target, String path, List<Problem> problems) {
    if (!target.startsWith("/")) {
      problems.add(new Problem(path, "target \"" + target + "\" is not an absolute path"));
    }
  }

  static void reference(Map<String, ?> defined, String name, String kind, String path, List<Problem> problems) {
    if (!defined.containsKey(name)) {
      problems.add(new Problem(path, kind + " \"" + name + "\" is not defined (defined: "
          + (defined.isEmpty() ? "none" : String.join(", ", defined.keySet())) + ")"));
    }
  }

  /** Whether two host IPs can collide: equal, or either binds every interface. */
  static boolean sameInterface(PortMapping a, PortMapping b) {
    return a.hostIp().equals(b.hostIp()) || a.bindsAllInterfaces() || b.bindsAllInterfaces();
  }

  /** The host ports {@code replicas} copies of {@code range} need: a fixed port once per replica. */
  static boolean fitsReplicas(PortRange range, int replicas) {
    return range.last() - range.first() + 1 >= replicas;
  }
}
