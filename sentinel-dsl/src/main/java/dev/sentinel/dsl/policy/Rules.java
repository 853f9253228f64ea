package dev.sentinel.dsl.policy;

import dev.sentinel.dsl.ImageRef;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.policy.Rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/** Every rule Sentinel's policy checks, in report order. docs/policy.md explains each. */
public final class Rules {
  private static final Set<String> DANGEROUS_CAPS = Set.of("ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_PTRACE", "DAC_READ_SEARCH");
  /** Docker's default capability set: adding one of these changes nothing. */
  private static final Set<String> DEFAULT_CAPS = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
      "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");
  private static final Set<String> SENSITIVE_PATHS = Set.of("/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr");
  private static final Set<String> SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock");
  private static final Set<String> FLOATING_TAGS = Set.of("latest", "stable", "edge", "nightly", "main", "master", "dev", "current");

  private Rules() {}

  /** Every rule. */
  public static final List<Rule> ALL = List.of(
      // --- errors ---
      rule("SEC-PRIVILEGED", Severity.ERROR, "privileged container", "A privileged container has every capability and every host device: root in it is root on the host.",
          "Remove privileged; add the one capability the service needs.", "CIS Docker 1.6 §5.4",
          s -> s.privileged() ? one("privileged", "runs privileged") : none()),
      rule("SEC-DOCKER-SOCKET", Severity.ERROR, "Docker socket mounted", "Whoever reaches the Docker socket controls the host, read-only mount or not.",
          "Do not mount the socket; use a scoped API proxy if the service must talk to Docker.", "CIS Docker 1.6 §5.31",
          s -> mounts(s, m -> m instanceof Mount.BindMount b && SOCKETS.contains(normalise(b.source())), m -> "mounts the Docker socket " + ((Mount.BindMount) m).source())),
      rule("SEC-HOST-NETWORK", Severity.ERROR, "host network namespace", "The container sees and binds every host interface, bypassing network isolation.",
          "Use a stack network and publish only the ports needed.", "CIS Docker 1.6 §5.9",
          s -> s.networkMode().filter("host"::equals).isPresent() ? one("network_mode", "shares the host's network namespace") : none()),
      rule("SEC-HOST-PID", Severity.ERROR, "host PID namespace", "The container sees and can signal every host process.",
          "Remove pid: host.", "CIS Docker 1.6 §5.15",
          s -> s.pid().filter("host"::equals).isPresent() ? one("pid", "shares the host's PID namespace") : none()),
      rule("SEC-HOST-IPC", Severity.ERROR, "host IPC namespace", "The container reaches host shared memory and semaphores.",
          "Remove ipc: host.", "CIS Docker 1.6 §5.16",
          s -> s.ipc().filter("host"::equals).isPresent() ? one("ipc", "shares the host's IPC namespace") : none()),
      rule("SEC-SENSITIVE-MOUNT", Severity.ERROR, "sensitive host path mounted writable", "Writing to /etc, /usr, /boot, /proc, /sys, /dev, /lib or / changes the host itself.",
          "Mount it read-only, or mount only the file needed.", "CIS Docker 1.6 §5.5",
          s -> mounts(s, m -> m instanceof Mount.BindMount b && !b.readOnly() && isSensitive(b.source()),
              m -> "mounts host path " + ((Mount.BindMount) m).source() + " writable")),
      rule("SEC-SECCOMP-UNCONFINED", Severity.ERROR, "seccomp disabled", "Without seccomp every system call is open to the container, including ones used to escape it.",
          "Remove seccomp=unconfined; use a custom profile if a call is missing.", "CIS Docker 1.6 §5.21",
          s -> option(s, "seccomp", "unconfined") ? one("security_opt", "disables seccomp") : none()),
      rule("SEC-APPARMOR-UNCONFINED", Severity.ERROR, "AppArmor disabled", "AppArmor confines what files and capabilities the process may use.",
          "Remove apparmor=unconfined; use docker-default or a custom profile.", "CIS Docker 1.6 §5.1",
          s -> option(s, "apparmor", "unconfined") ? one("security_opt", "disables AppArmor") : none()),
      rule("SEC-SYSTEMPATHS-UNCONFINED", Severity.ERROR, "system paths unmasked", "Unmasking /proc and /sys paths exposes kernel interfaces to the container.",
          "Remove systempaths=unconfined.", "Docker security_opt reference",
          s -> option(s, "systempaths", "unconfined") ? one("security_opt", "unmasks /proc and /sys paths") : none()),
      rule("SEC-DANGEROUS-CAP", Severity.ERROR, "dangerous capability added", "ALL, SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_PTRACE and DAC_READ_SEARCH each allow escaping or controlling the host.",
          "Remove it; find the narrow capability the service needs.", "CIS Docker 1.6 §5.3",
          s -> caps(s.capAdd()).stream().filter(DANGEROUS_CAPS::contains).map(c -> new Violation("cap_add", "adds capability " + c)).toList()),
      rule("SEC-LITERAL-CREDENTIAL", Severity.ERROR, "credential written in the definition", "A literal password or token in the environment, or a password inside a URL, ends up in images, exports, inspect output and version control.",
          "Make it a secret and pass its file: envSecretFile(\"X_FILE\", \"secret\"); read a URL with a password from the host: envFromHost(..).", "CIS Docker 1.6 §4.10",
          s -> s.literalEnvironment().entrySet().stream()
              .filter(e -> Credentials.isLiteralCredential(e.getKey(), e.getValue()))
              .map(e -> new Violation("environment." + e.getKey(), "environment variable " + e.getKey() + " holds a literal credential")).toList()),
      rule("REL-HEALTHY-WITHOUT-CHECK", Severity.ERROR, "healthy dependency on a service without a health check", "The dependent would wait forever (or start on a guess).",
          "Give the dependency a health check, or wait for service_started.", "Compose depends_on",
          s -> s.healthyDependenciesWithoutCheck().stream().map(d -> new Violation("depends_on." + d, "waits for \"" + d + "\" to be healthy; it has no health check")).toList()),
      // --- warnings ---
      rule("SEC-ROOT-USER", Severity.WARNING, "runs as root", "A process that is root in the container is one kernel bug away from root on the host.",
          "Set user(uid, gid) to a non-root user the image has.", "CIS Docker 1.6 §4.1",
          s -> s.user().isEmpty() ? one("user", "sets no user (the image's, often root)")
              : isRoot(s.user().get()) ? one("user", "runs as root (" + s.user().get() + ")") : none()),
      rule("SEC-ROOT-FS", Severity.WARNING, "writable root filesystem", "A writable root lets an intruder change binaries and config of the running service.",
          "readOnlyRootFilesystem() with tmpfs or volumes where it must write (hardened() does both).", "CIS Docker 1.6 §5.12",
          s -> s.readOnlyRootFilesystem() ? none() : one("read_only", "has a writable root filesystem")),
      rule("SEC-NO-NEW-PRIVILEGES", Severity.WARNING, "privileges can be gained", "Without no-new-privileges, setuid binaries and file capabilities raise privileges.",
          "noNewPrivileges() (hardened() sets it).", "CIS Docker 1.6 §5.25",
          s -> option(s, "no-new-privileges", "true") ? none() : one("security_opt", "does not set no-new-privileges")),
      rule("SEC-CAPS-NOT-DROPPED", Severity.WARNING, "capabilities not dropped", "Docker's default capabilities (14 of them) are more than most services need.",
          "dropCapabilities(\"ALL\") and add back only what is needed.", "CIS Docker 1.6 §5.3",
          s -> caps(s.capDrop()).contains("ALL") ? none() : one("cap_drop", "does not drop ALL capabilities")),
      rule("SEC-CAPS-ADDED", Severity.WARNING, "capabilities beyond Docker's default", "Each added capability widens what a compromised process can do.",
          "Remove it, or accept the rule with the reason.", "CIS Docker 1.6 §5.3",
          s -> caps(s.capAdd()).stream().filter(c -> !DEFAULT_CAPS.contains(c) && !DANGEROUS_CAPS.contains(c))
              .map(c -> new Violation("cap_add", "adds capability " + c + ", beyond Docker's default set")).toList()),
      rule("NET-PORT-ALL-INTERFACES", Severity.WARNING, "port published on every interface", "0.0.0.0 exposes the port to every network the host is on, and Docker's rules bypass host firewalls.",
          "Bind to 127.0.0.1 (the default) or one interface, or put a proxy in front.", "CIS Docker 1.6 §5.13",
          s -> s.ports().stream().filter(PortMapping::bindsAllInterfaces).map(p -> new Violation("ports", "publishes " + p + " on every interface")).toList()),
      rule("REL-NO-HEALTHCHECK", Severity.WARNING, "no health check", "Without a health check nothing knows whether the service works, only whether it runs.",
          "healthCheck(h -> h.httpGet(...)) or a command that tests the service.", "CIS Docker 1.6 §4.6",
          s -> s.hasHealthCheck() ? none() : one("healthcheck", "has no health check")),
      rule("REL-NO-RESTART", Severity.WARNING, "no restart policy", "A service that crashes stays down until someone notices.",
          "restart(RestartPolicy.unlessStopped()) or onFailure(3).", "CIS Docker 1.6 §5.14",
          s -> s.restart().isEmpty() || s.restart().get().equals("no") ? one("restart", "has no restart policy") : none()),
      rule("REL-RESTART-RETRIES", Severity.WARNING, "too many restart retries", "An unbounded or large on-failure retry count hides a crash loop and wastes resources.",
          "on-failure with at most 5 retries.", "CIS Docker 1.6 §5.14",
          s -> s.restart().filter("on-failure"::equals).isPresent() && s.restartMaxRetries().map(n -> n > 5 || n == 0).orElse(true)
              ? one("restart", "restarts on failure " + s.restartMaxRetries().filter(n -> n > 0).map(n -> n + " times").orElse("without limit")) : none()),
      rule("RES-NO-MEMORY-LIMIT", Severity.WARNING, "no memory limit", "One leaking service can take the host's memory from all the others.",
          "memoryLimit(\"512m\").", "CIS Docker 1.6 §5.10",
          s -> s.hasMemoryLimit() ? none() : one("deploy.resources.limits.memory", "has no memory limit")),
      rule("RES-NO-CPU-LIMIT", Severity.WARNING, "no CPU limit", "One busy service can starve the others.",
          "cpuLimit(\"1\").", "CIS Docker 1.6 §5.11",
          s -> s.hasCpuLimit() ? none() : one("deploy.resources.limits.cpus", "has no CPU limit")),
      rule("RES-NO-PIDS-LIMIT", Severity.WARNING, "no pids limit", "A fork bomb in one container exhausts the host's process table.",
          "pidsLimit(256) (hardened() sets one).", "CIS Docker 1.6 §5.28",
          s -> s.hasPidsLimit() ? none() : one("pids_limit", "has no pids limit")),
      rule("IMG-FLOATING-TAG", Severity.WARNING, "floating or missing image tag", "latest, stable, edge (or no tag) change under you: deploys stop being reproducible.",
          "Pin a version tag, or a digest.", "CIS Docker 1.6 §4.2 (trusted, pinned images)",
          s -> floating(s.image()).map(why -> one("image", why)).orElse(none())),
      rule("DATA-ANONYMOUS-VOLUME", Severity.WARNING, "data in an anonymous volume", "Anonymous volumes have no name to back up, restore or keep: data in them is lost with the container.",
          "Mount a named volume of the stack.", "Compose volumes",
          s -> mounts(s, m -> m instanceof Mount.VolumeMount v && v.isAnonymous(), m -> "keeps " + m.target() + " in an anonymous volume")),
      rule("SEC-USERNS-HOST", Severity.WARNING, "host user namespace", "With userns_mode: host, root in the container is root on the host even where the daemon remaps users.",
          "Remove userns_mode: host.", "CIS Docker 1.6 §5.30",
          s -> s.usernsMode().filter("host"::equals).isPresent() ? one("userns_mode", "shares the host's user namespace") : none()),
      rule("SEC-UTS-HOST", Severity.WARNING, "host UTS namespace", "The container can change the host's hostname and domain name.",
          "Remove uts: host.", "CIS Docker 1.6 §5.20",
          s -> s.uts().filter("host"::equals).isPresent() ? one("uts", "shares the host's UTS namespace") : none()),
      rule("SEC-MOUNT-PROPAGATION", Severity.WARNING, "shared mount propagation", "Shared propagation lets mounts made in the container appear on the host, and the reverse.",
          "Use the default (rprivate) propagation.", "CIS Docker 1.6 §5.19",
          s -> mounts(s, m -> m instanceof Mount.BindMount b && b.propagation().filter(p -> p.equals("shared") || p.equals("rshared")).isPresent(),
              m -> "mounts " + ((Mount.BindMount) m).source() + " with " + ((Mount.BindMount) m).propagation().get() + " propagation")),
      rule("SEC-DEVICES", Severity.WARNING, "host devices mapped in", "A host device gives the container direct access to hardware and, for block devices, to host data.",
          "Remove it, or accept the rule with the reason.", "CIS Docker 1.6 §5.17",
          s -> s.devices().stream().map(d -> new Violation("devices", "maps host device " + d)).toList()),
      rule("LOG-NO-ROTATION", Severity.WARNING, "logs kept without rotation", "json-file and local drivers without max-size grow until the disk is full.",
          "logging(\"json-file\", Map.of(\"max-size\", \"10m\", \"max-file\", \"3\")) or journald.", "CIS Docker 1.6 §2.13 (logging)",
          s -> {
            String driver = s.logDriver().orElse("json-file");
            boolean keepsOnHost = driver.equals("json-file") || driver.equals("local");
            return keepsOnHost && !s.logOptions().containsKey("max-size")
                ? one("logging", (s.logDriver().isEmpty() ? "uses the engine's default json-file" : "uses " + driver) + " without max-size")
                : none();
          }),
      // --- audit only: what is really running ---
      rule("RUN-NOT-RUNNING", Severity.ERROR, "container not running", "A stopped or dead container serves nothing; restart policies did not bring it back.",
          "Read its logs and exit code (sentinel status, logs) and fix the cause.", "Runtime state",
          s -> s.state().filter(st -> !st.equals("running")).map(st -> one("state", "is " + st)).orElse(none())),
      rule("RUN-UNHEALTHY", Severity.ERROR, "container unhealthy", "Its own health check says it does not work.",
          "Read the last health-check output (sentinel status) and fix the service.", "Runtime state",
          s -> s.health().filter("unhealthy"::equals).isPresent() ? one("healthcheck", "is unhealthy") : none()),
      rule("RUN-RESTARTED", Severity.WARNING, "container restarted", "The engine had to restart it: it crashed at least once.",
          "Read its logs around the restarts.", "Runtime state",
          s -> s.restartCount() > 0 ? one("restart", "was restarted " + s.restartCount() + " times") : none()),
      // --- info ---
      rule("NET-PRIVILEGED-PORT", Severity.INFO, "privileged host port", "Ports below 1024 are traditionally reserved for system services.",
          "Publish a port of 1024 or more, unless this is the public entry point.", "CIS Docker 1.6 §5.8",
          s -> s.ports().stream().filter(p -> p.published().isPresent() && p.published().get().first() < 1024)
              .map(p -> new Violation("ports", "publishes privileged host port " + p.published().get())).toList()),
      rule("RES-NO-ULIMITS", Severity.INFO, "no ulimits", "Without ulimits the engine's defaults apply, which may be unlimited for open files.",
          "ulimit(\"nofile\", soft, hard) where the service opens many files.", "CIS Docker 1.6 §5.18",
          s -> s.hasUlimits() ? none() : one("ulimits", "sets no ulimits")),
      rule("SWARM-LOCAL-VOLUME", Severity.WARNING, "node-local volume on a Swarm service",
          "A named volume with the local driver lives on the node that runs the task; when the Swarm reschedules the task to"
              + " another node (node lost, drained, update), it starts there with an empty volume, and the data stays behind.",
          "placement(\"node.labels.<name>==<value>\") on the node that holds the data (restore the last backup elsewhere"
              + " and move the label when that node is lost), or a volume driver shared by the nodes.", "docs/scale-out.md",
          s -> s.unpinnedNodeLocalVolumes().stream().map(v -> new Violation("volumes", "volume " + v
              + " stays on whichever node runs the task; nothing in its placement keeps the task there")).toList()),
      rule("NET-DEFAULT-BRIDGE", Severity.INFO, "default bridge network", "The default bridge (docker0) connects every container on the host that uses it.",
          "Join a stack network instead of network_mode: bridge.", "CIS Docker 1.6 §2.1",
          s -> s.networkMode().filter(m -> m.equals("bridge") || m.equals("default")).isPresent() ? one("network_mode", "uses the default bridge network") : none()));

  /** The rule with {@code id}. */
  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  private static Rule rule(String id, Severity severity, String title, String rationale, String fix, String reference,
      Function<ServiceView, List<Violation>> check) {
    return new Rule(id, severity, title, rationale, fix, reference, check);
  }

  private static List<Violation> one(String field, String message) {
    return List.of(new Violation(field, message));
  }

  private static List<Violation> none() {
    return List.of();
  }

  private static List<Violation> mounts(ServiceView s, Predicate<Mount> bad, Function<Mount, String> message) {
    List<Violation> found = new ArrayList<>();
    for (Mount m : s.mounts()) {
      if (bad.test(m)) {
        found.add(new Violation("volumes." + m.target(), message.apply(m)));
      }
    }
    return found;
  }

  /**
   * Whether a {@code security_opt} entry sets {@code key} to {@code value}, in any spelling:
   * {@code key=value}, {@code key:value}, and for no-new-privileges the bare key.
   */
  static boolean option(ServiceView s, String key, String value) {
    for (String opt : s.securityOpt()) {
      String o = opt.strip().toLowerCase(Locale.ROOT);
      if (o.equals(key + "=" + value) || o.equals(key + ":" + value) || (key.equals("no-new-privileges") && o.equals(key))) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> caps(Set<String> caps) {
    Set<String> normalised = new java.util.LinkedHashSet<>();
    caps.forEach(c -> normalised.add(c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")));
    return normalised;
  }

  private static String normalise(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static boolean isSensitive(String source) {
    String p = normalise(source);
    return SENSITIVE_PATHS.stream().anyMatch(s -> p.equals(s) || (!s.equals("/") && p.startsWith(s + "/")));
  }

  private static boolean isRoot(String user) {
    String u = user.split(":")[0];
    return u.equals("root") || u.equals("0");
  }

  private static Optional<String> floating(String image) {
    if (image.startsWith("(built)")) {
      return Optional.empty();
    }
    try {
      ImageRef ref = ImageRef.parse(image);
      if (ref.digest().isPresent()) {
        return Optional.empty();
      }
      if (ref.tag().isEmpty()) {
        return Optional.of("image " + image + " has no tag (means latest)");
      }
      return FLOATING_TAGS.contains(ref.tag().get().toLowerCase(Locale.ROOT))
          ? Optional.of("image " + image + " uses the floating tag " + ref.tag().get()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("image " + image + " is not a valid reference");
    }
  }
}
