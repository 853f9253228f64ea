package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.dsl.Build;
import dev.sentinel.dsl.ImageRef;
import dev.sentinel.dsl.ImageSource;
import dev.sentinel.dsl.policy.Credentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compose in and out for the {@link ImageSource} section: {@code image} and {@code build} (a context
 * path, or a mapping with {@code context}, {@code dockerfile}, {@code target}, {@code args}, {@code
 * labels}, {@code cache_from}, {@code network}, {@code shm_size}, {@code extra_hosts}, {@code
 * no_cache} and {@code pull}; the BuildKit-only options are refused with that reason).
 */
final class ImageSourceSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("image", "build");

  private final ImportContext cx;
  private final ImportOptions options;

  ImageSourceSection(ImportContext cx, ImportOptions options) {
    this.cx = cx;
    this.options = options;
  }

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(ImageSource source, Map<String, Object> m) {
    source.image().ifPresent(i -> m.put("image", i.toString()));
    source.build().ifPresent(b -> m.put("build", build(b)));
  }

  private static Map<String, Object> build(Build b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("context", b.context());
    m.put("dockerfile", b.dockerfile());
    b.target().ifPresent(t -> m.put("target", t));
    if (!b.args().isEmpty()) {
      Map<String, Object> args = new LinkedHashMap<>();
      b.args().forEach((k, v) -> args.put(k, ComposeMapping.literal(v)));
      m.put("args", args);
    }
    if (!b.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<>(b.labels()));
    }
    if (!b.cacheFrom().isEmpty()) {
      m.put("cache_from", new ArrayList<>(b.cacheFrom()));
    }
    b.network().ifPresent(n -> m.put("network", n));
    b.shmSize().ifPresent(z -> m.put("shm_size", z.toCompose()));
    if (!b.extraHosts().isEmpty()) {
      m.put("extra_hosts", new LinkedHashMap<>(b.extraHosts()));
    }
    if (b.noCache()) {
      m.put("no_cache", true);
    }
    if (b.pull()) {
      m.put("pull", true);
    }
    return m;
  }

  /** The DSL calls for one of {@link #KEYS}; a build context is rebased onto the project directory by {@code paths}. */
  void read(String key, ComposeNode v, String at, HostPaths paths, List<DslCall> calls) {
    switch (key) {
      case "image" -> cx.string(v, at).filter(i -> cx.parse(v, at, i, ImageRef::parse).isPresent())
          .ifPresent(i -> calls.add(DslCall.of("image", i)));
      case "build" -> build(v, at, paths, calls);
      default -> throw new IllegalArgumentException("not an attribute of the image source section: " + key);
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
}
