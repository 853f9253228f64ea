package dev.sentinel.compose;

import dev.sentinel.dsl.FileMount;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
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
 * StorageSection}, {@link EnvironmentSection} and {@link NetworkingSection}.
 */
final class ServiceMapper {
  private final ImportContext cx;
  private final ImportOptions options;
  private final StackCalls stack;
  private final StorageSection storage;
  private final DeploySection deploy;
  private final EnvironmentSection environment;
  private final NetworkingSection networking;
  private final ImageSourceSection imageSource;
  private final Path projectDirectory;

  ServiceMapper(ImportContext cx, ImportOptions options, StackCalls stack, Path projectDirectory) {
    this.cx = cx;
    this.projectDirectory = projectDirectory;
    this.options = options;
    this.stack = stack;
    this.storage = new StorageSection(cx);
    this.deploy = new DeploySection(cx);
    this.environment = new EnvironmentSection(cx, options, stack);
    this.networking = new NetworkingSection(cx, stack);
    this.imageSource = new ImageSourceSection(cx, options);
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
    if (StorageSection.KEYS.contains(key)) {
      storage.read(key, v, at, paths, calls);
      return;
    }
    if (ImageSourceSection.KEYS.contains(key)) {
      imageSource.read(key, v, at, paths, calls);
      return;
    }
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
      case "environment" -> environment.environment(service, v, at, calls);
      case "labels" -> cx.dict(v, at).forEach((k, value) -> calls.add(DslCall.of("label", k, value.map(Scalar::text).orElse(""))));
      case "profiles" -> SectionReads.list(cx, v, at, false, "profiles", calls);
      case "deploy" -> deploy.deploy(v, at, calls);
      // Compose's older spelling of deploy.replicas; it copies each into the other.
      case "scale" -> cx.integer(v, at).ifPresent(n -> SectionReads.checked(cx, v, at, DslCall.of("replicas", n), calls));
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








}
