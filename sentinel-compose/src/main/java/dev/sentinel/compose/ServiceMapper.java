package dev.sentinel.compose;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.ImageRef;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.ComposeNode.Sequence;
import dev.sentinel.compose.DslCall.Varargs;
import dev.sentinel.dsl.policy.Credentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps one Compose service to DSL calls on its {@code ServiceBuilder}: one call per concept, each
 * value checked with the model's own parser so that a bad one is reported at its line. Attributes
 * the model cannot hold are reported through {@link ImportContext#unsupported}. The {@code deploy}
 * section, mounts, the environment and networking live in {@link DeploySection}, {@link
 * StorageMapper}, {@link EnvironmentMapper} and {@link NetworkingSection}.
 */
final class ServiceMapper {
  private final ImportContext cx;
  private final ImportOptions options;
  private final StackCalls stack;
  private final StorageMapper storage;
  private final DeploySection deploy;
  private final EnvironmentMapper environment;
  private final NetworkingSection networking;
  private final Path projectDirectory;

  ServiceMapper(ImportContext cx, ImportOptions options, StackCalls stack, Path projectDirectory) {
    this.cx = cx;
    this.projectDirectory = projectDirectory;
    this.options = options;
    this.stack = stack;
    this.storage = new StorageMapper(cx);
    this.deploy = new DeploySection(cx);
    this.environment = new EnvironmentMapper(cx, options, stack);
    this.networking = new NetworkingSection(cx, stack);
  }

  /**
   * The calls for {@code service}, whose relative paths are relative to {@code directory}: the
   * project directory, or the directory of the file an {@code extends} took the service from.
   */
  List<DslCall> map(String name, Mapping service, String path, Path directory) {
    List<DslCall> calls = new ArrayList<>();
    HostPaths paths = new HostPaths(projectDirectory, directory, options.absoluteHostPaths());
    service.get("env_file").ifPresent(v -> environment.envFiles(name, v, path + ".env_file", directory, calls));
    service.entries().forEach((key, value) -> {
      if (key.equals("env_file") || key.equals("extends")) {
        return; // env_file is read first (environment wins over it); StackMapper resolves extends
      }
      String at = path + "." + key;
      cx.located(at, value);
      int before = calls.size();
      Optional<String> tag = value.tag();
      if (tag.isPresent() && (tag.get().equals("!reset") || tag.get().equals("!override"))) {
        calls.add(DslCall.of("reset", key));
        if (tag.get().equals("!reset")) {
          return;
        }
      } else if (tag.isPresent()) {
        cx.error(value.location(), at, "unknown tag " + tag.get() + " (Compose knows !reset and !override)");
        return;
      }
      attribute(name, key, value, at, paths, calls);
      List<String> comments = service.commentsOf(key);
      if (!comments.isEmpty() && calls.size() > before) {
        calls.set(before, calls.get(before).withComments(comments));
      }
    });
    return secretFileReferences(calls);
  }

  /**
   * {@code env("X_FILE", "/run/secrets/x")} where the service mounts secret {@code x} there becomes
   * {@code envSecretFile("X_FILE", "x")}: the variable then follows the secret wherever it is
   * mounted. The secret mounts move (in their order) before the first such variable, so the DSL
   * does not mount a secret a second time; the model keeps both orders.
   */
  private static List<DslCall> secretFileReferences(List<DslCall> calls) {
    if (calls.stream().anyMatch(c -> c.method().equals("reset"))) {
      return calls;
    }
    Map<String, String> secretByTarget = new LinkedHashMap<>();
    for (DslCall c : calls) {
      if (c.method().equals("secret")) {
        List<Object> args = c.args();
        String secret = args.get(0) instanceof FileMount f ? f.source() : (String) args.get(0);
        String target = args.get(0) instanceof FileMount f ? f.target() : args.size() == 2 ? (String) args.get(1) : FileMount.defaultSecretTarget(secret);
        // The variable's value is the secret's first mount, as the exporter writes it.
        if (!secretByTarget.containsValue(secret)) {
          secretByTarget.put(target, secret);
        }
      }
    }
    List<DslCall> result = new ArrayList<>();
    List<DslCall> laterMounts = new ArrayList<>();
    int firstReference = -1;
    for (DslCall c : calls) {
      boolean reference = c.method().equals("env") && c.args().size() == 2 && secretByTarget.containsKey((String) c.args().get(1));
      if (reference) {
        if (firstReference < 0) {
          firstReference = result.size();
        }
        result.add(new DslCall("envSecretFile", List.of(c.args().get(0), secretByTarget.get((String) c.args().get(1))), c.comments()));
      } else if (firstReference >= 0 && c.method().equals("secret")) {
        laterMounts.add(c);
      } else {
        result.add(c);
      }
    }
    if (firstReference >= 0) {
      result.addAll(firstReference, laterMounts);
    }
    return result;
  }

  private void attribute(String service, String key, ComposeNode v, String at, HostPaths paths, List<DslCall> calls) {
    if (ExecutionSection.KEYS.contains(key)) {
      ExecutionSection.read(cx, key, v, at, calls);
      return;
    }
    if (SecuritySection.KEYS.contains(key)) {
      SecuritySection.read(cx, key, v, at, calls);
      return;
    }
    if (NamingSection.KEYS.contains(key)) {
      NamingSection.read(cx, key, v, at, calls);
      return;
    }
    if (LifecycleSection.KEYS.contains(key)) {
      LifecycleSection.read(cx, key, v, at, calls);
      return;
    }
    if (KernelSection.KEYS.contains(key)) {
      KernelSection.read(cx, key, v, at, calls);
      return;
    }
    if (ResourcesSection.KEYS.contains(key)) {
      ResourcesSection.read(cx, key, v, at, calls);
      return;
    }
    if (NetworkingSection.KEYS.contains(key)) {
      networking.read(key, v, at, calls);
      return;
    }
    if (LoggingSection.KEYS.contains(key)) {
      LoggingSection.read(cx, key, v, at, calls);
      return;
    }
    switch (key) {
      case "image" -> cx.string(v, at).filter(i -> cx.parse(v, at, i, ImageRef::parse).isPresent())
          .ifPresent(i -> calls.add(DslCall.of("image", i)));
      case "build" -> build(v, at, paths, calls);
      case "environment" -> environment.environment(service, v, at, calls);
      case "labels" -> cx.dict(v, at).forEach((k, value) -> calls.add(DslCall.of("label", k, value.map(Scalar::text).orElse(""))));
      case "volumes" -> storage.volumes(v, at, paths, calls);
      case "tmpfs" -> storage.tmpfs(v, at, calls);
      case "secrets" -> storage.fileMounts(v, at, "secret", calls);
      case "configs" -> storage.fileMounts(v, at, "config", calls);
      case "healthcheck" -> healthCheck(v, at, calls);
      case "depends_on" -> dependsOn(v, at, calls);
      case "profiles" -> SectionReads.list(cx, v, at, false, "profiles", calls);
      case "deploy" -> deploy.deploy(v, at, calls);
      // Compose's older spelling of deploy.replicas; it copies each into the other.
      case "scale" -> cx.integer(v, at).ifPresent(n -> SectionReads.checked(cx, v, at, DslCall.of("replicas", n), calls));
      case ReadinessSection.KEY -> ReadinessSection.read(cx, v, at, calls);
      case "x-sentinel-accept" -> cx.mapping(v, at).ifPresent(m -> m.entries().forEach((rule, reason) ->
          cx.string(reason, at + "." + rule).ifPresent(r -> calls.add(DslCall.of("accept", rule, r)))));
      default -> {
        if (key.startsWith("x-")) {
          cx.warning(v.location(), at, "extension field dropped (Compose ignores x- fields too)");
        } else {
          cx.unsupported(v.location(), at, "\"" + key + "\" is not supported by Sentinel's model");
        }
      }
    }
  }

  private void build(ComposeNode v, String at, HostPaths paths, List<DslCall> calls) {
    List<DslCall> b = new ArrayList<>();
    if (v instanceof Scalar) {
      cx.string(v, at).ifPresent(c -> b.add(DslCall.of("context", paths.rebaseContext(c))));
    } else {
      cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, value) -> {
        String p = at + "." + key;
        switch (key) {
          case "context" -> cx.string(value, p).ifPresent(c -> b.add(DslCall.of("context", paths.rebaseContext(c))));
          case "dockerfile" -> SectionReads.text(cx, value, p, "dockerfile", b);
          case "target" -> SectionReads.text(cx, value, p, "target", b);
          case "args" -> cx.dict(value, p).forEach((arg, argValue) -> {
            if (argValue.isPresent() && options.credentialsAsSecrets() && Credentials.isLiteralCredential(arg, argValue.get().text())) {
              // Build args end up in the image's history; there is no secret to turn them into.
              cx.error(argValue.get().location(), p + "." + arg, "build arg " + arg + " holds a literal credential, which generated source"
                  + " must not keep and an image must not bake in; pass it as a build secret instead");
            } else if (argValue.isPresent()) {
              b.add(DslCall.of("arg", arg, argValue.get().text()));
            } else {
              cx.unsupported(value.location(), p + "." + arg, "a build arg without a value (taken from the environment at build time)");
            }
          });
          case "labels" -> cx.dict(value, p).forEach((k, x) -> b.add(DslCall.of("label", k, x.map(Scalar::text).orElse(""))));
          case "cache_from" -> cx.strings(value, p, false).forEach(image -> b.add(DslCall.of("cacheFrom", image)));
          case "network" -> SectionReads.text(cx, value, p, "network", b);
          case "shm_size" -> SectionReads.size(cx, value, p, "shmSize", b);
          case "extra_hosts" -> NamingSection.hostEntries(cx, value, p).forEach((host, ip) -> b.add(DslCall.of("extraHost", host, ip)));
          case "no_cache" -> SectionReads.flag(cx, value, p, "noCache", b);
          case "pull" -> SectionReads.flag(cx, value, p, "pull", b);
          case "ssh", "secrets" -> cx.unsupported(value.location(), p, "build " + key + " (BuildKit only; Sentinel builds with the engine's classic builder)");
          default -> cx.unsupported(value.location(), p, "build option \"" + key + "\" is not supported by Sentinel's model");
        }
      }));
    }
    calls.add(DslCall.of("build", new DslCall.Configurer("b", b)));
  }

  private void healthCheck(ComposeNode v, String at, List<DslCall> calls) {
    Optional<Mapping> m = cx.mapping(v, at);
    if (m.isEmpty()) {
      return;
    }
    List<DslCall> h = new ArrayList<>();
    m.get().entries().forEach((key, value) -> {
      String p = at + "." + key;
      switch (key) {
        case "test" -> healthTest(value, p, h);
        case "disable" -> cx.bool(value, p).ifPresent(off -> {
          if (off) {
            h.add(DslCall.of("disable"));
          }
        });
        case "interval" -> SectionReads.duration(cx, value, p, "every", h);
        case "timeout" -> SectionReads.duration(cx, value, p, "timeout", h);
        case "start_period" -> SectionReads.duration(cx, value, p, "startPeriod", h);
        case "start_interval" -> SectionReads.duration(cx, value, p, "startInterval", h);
        case "retries" -> cx.integer(value, p).ifPresent(r -> h.add(DslCall.of("retries", r)));
        default -> cx.unsupported(value.location(), p, "health check setting \"" + key + "\" is not supported by Sentinel's model");
      }
    });
    calls.add(DslCall.of("healthCheck", new DslCall.Configurer("h", h)));
  }

  private void healthTest(ComposeNode value, String p, List<DslCall> h) {
    if (value instanceof Scalar) {
      cx.string(value, p).ifPresent(line -> h.add(DslCall.of("shell", line)));
      return;
    }
    List<String> test = cx.strings(value, p, false);
    if (test.isEmpty()) {
      cx.error(value.location(), p, "an empty test; write [\"NONE\"] or disable: true to switch the check off");
      return;
    }
    switch (test.get(0)) {
      case "NONE" -> h.add(DslCall.of("disable"));
      case "CMD-SHELL" -> {
        if (test.size() != 2) {
          cx.error(value.location(), p, "CMD-SHELL takes one command line, got " + (test.size() - 1));
        } else {
          h.add(DslCall.of("shell", test.get(1)));
        }
      }
      case "CMD" -> {
        if (test.size() < 2) {
          cx.error(value.location(), p, "CMD needs a program to run");
        } else {
          h.add(DslCall.of("command", test.get(1), new Varargs(test.subList(2, test.size()))));
        }
      }
      default -> cx.error(value.location(), p, "a test list starts with CMD, CMD-SHELL or NONE, not \"" + test.get(0) + "\"");
    }
  }

  private void dependsOn(ComposeNode v, String at, List<DslCall> calls) {
    if (v instanceof Sequence) {
      cx.strings(v, at, false).forEach(d -> calls.add(DslCall.of("dependsOn", d)));
      return;
    }
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((service, settings) -> {
      String p = at + "." + service;
      cx.located(p, settings);
      Dependency.Condition condition = Dependency.Condition.STARTED;
      boolean restart = false;
      boolean required = true;
      Optional<Mapping> s = cx.mapping(settings, p);
      if (s.isEmpty()) {
        return;
      }
      for (Map.Entry<String, ComposeNode> e : s.get().entries().entrySet()) {
        String q = p + "." + e.getKey();
        switch (e.getKey()) {
          case "condition" -> condition = cx.choice(e.getValue(), q, Dependency.Condition.values(), Dependency.Condition::composeName)
              .orElse(condition);
          case "restart" -> restart = cx.bool(e.getValue(), q).orElse(false);
          case "required" -> required = cx.bool(e.getValue(), q).orElse(true);
          default -> cx.unsupported(e.getValue().location(), q, "dependency setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
        }
      }
      String method = required ? "dependsOn" : "dependsOnIfAvailable";
      calls.add(restart ? DslCall.of(method, service, condition, true) : DslCall.of(method, service, condition));
    }));
  }
}
