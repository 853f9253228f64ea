package dev.sentinel.compose;

import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.Size;
import dev.sentinel.dsl.Storage;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Storage} section: {@code volumes} (short and long syntax),
 * {@code tmpfs}, and the {@code secrets} and {@code configs} a service mounts as files.
 */
final class StorageSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("volumes", "tmpfs", "secrets", "configs");

  private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");

  private final ImportContext cx;

  StorageSection(ImportContext cx) {
    this.cx = cx;
  }

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Storage st, Map<String, Object> m) {
    if (!st.mounts().isEmpty()) {
      // A tmpfs with mount options has only the service-level tmpfs spelling (target:options).
      List<Object> volumes = new ArrayList<>(st.mounts().stream().filter(x -> !hasTmpfsOptions(x)).map(StorageSection::mount).toList());
      List<Object> tmpfs = new ArrayList<>(st.mounts().stream().filter(StorageSection::hasTmpfsOptions)
          .map(x -> tmpfsEntry((Mount.TmpfsMount) x)).toList());
      if (!volumes.isEmpty()) {
        m.put("volumes", volumes);
      }
      if (!tmpfs.isEmpty()) {
        m.put("tmpfs", tmpfs);
      }
    }
    if (!st.secrets().isEmpty()) {
      m.put("secrets", new ArrayList<>(st.secrets().stream().map(StorageSection::fileMount).toList()));
    }
    if (!st.configs().isEmpty()) {
      m.put("configs", new ArrayList<>(st.configs().stream().map(StorageSection::fileMount).toList()));
    }
  }

  private static Map<String, Object> mount(Mount mount) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (mount instanceof Mount.VolumeMount v) {
      m.put("type", "volume");
      if (!v.isAnonymous()) {
        m.put("source", v.source());
      }
    } else if (mount instanceof Mount.BindMount b) {
      m.put("type", "bind");
      m.put("source", b.source());
    } else {
      m.put("type", "tmpfs");
    }
    m.put("target", mount.target());
    if (mount.readOnly()) {
      m.put("read_only", true);
    }
    if (mount instanceof Mount.BindMount b && b.propagation().isPresent()) {
      m.put("bind", new LinkedHashMap<>(Map.of("propagation", b.propagation().get())));
    }
    if (mount instanceof Mount.TmpfsMount t && (t.size().isPresent() || t.mode().isPresent())) {
      Map<String, Object> tmpfs = new LinkedHashMap<>();
      t.size().ifPresent(size -> tmpfs.put("size", size.bytes()));
      t.mode().ifPresent(mode -> tmpfs.put("mode", mode));
      m.put("tmpfs", tmpfs);
    }
    return m;
  }

  private static boolean hasTmpfsOptions(Mount mount) {
    return mount instanceof Mount.TmpfsMount t && !t.options().isEmpty();
  }

  /** {@code target:size=..,mode=..,options} */
  private static String tmpfsEntry(Mount.TmpfsMount t) {
    List<String> options = new ArrayList<>();
    t.size().ifPresent(z -> options.add("size=" + z.bytes()));
    t.mode().ifPresent(mode -> options.add("mode=" + Integer.toOctalString(mode)));
    options.addAll(t.options());
    return t.target() + ":" + String.join(",", options);
  }

  private static Map<String, Object> fileMount(FileMount f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", f.source());
    m.put("target", f.target());
    f.uid().ifPresent(uid -> m.put("uid", uid));
    f.gid().ifPresent(gid -> m.put("gid", gid));
    f.mode().ifPresent(mode -> m.put("mode", mode));
    return m;
  }

  /** The DSL calls for one of {@link #KEYS}; a bind mount's host path is rebased onto the project directory by {@code paths}. */
  void read(String key, ComposeNode v, String at, HostPaths paths, List<DslCall> calls) {
    switch (key) {
      case "volumes" -> volumes(v, at, paths, calls);
      case "tmpfs" -> tmpfs(v, at, calls);
      case "secrets" -> fileMounts(v, at, "secret", calls);
      case "configs" -> fileMounts(v, at, "config", calls);
      default -> throw new IllegalArgumentException("not an attribute of the storage section: " + key);
    }
  }

  private void volumes(ComposeNode v, String at, HostPaths paths, List<DslCall> calls) {
    cx.forEachItem(v, at, (item, p) -> {
      Optional<Mount> mount = (item instanceof Mapping m ? longVolume(m, p) : cx.string(item, p).flatMap(s -> shortVolume(item, p, s)))
          .map(mt -> mt instanceof Mount.BindMount b ? new Mount.BindMount(paths.rebase(b.source()), b.target(), b.readOnly(), b.propagation()) : mt);
      mount.ifPresent(mt -> {
        cx.located(at + "." + mt.target(), item);
        calls.add(call(mt));
      });
    });
  }

  /** The most readable call for a mount. */
  private static DslCall call(Mount mount) {
    if (mount instanceof Mount.VolumeMount v && v.isAnonymous() && !v.readOnly()) {
      return DslCall.of("mountAnonymousVolume", v.target());
    }
    if (mount instanceof Mount.VolumeMount v && !v.isAnonymous()) {
      return DslCall.of(v.readOnly() ? "mountVolumeReadOnly" : "mountVolume", v.source(), v.target());
    }
    if (mount instanceof Mount.BindMount b && b.propagation().isEmpty()) {
      return DslCall.of(b.readOnly() ? "mountBindReadOnly" : "mountBind", b.source(), b.target());
    }
    if (mount instanceof Mount.TmpfsMount t && t.mode().isEmpty() && t.options().isEmpty()) {
      return t.size().isEmpty() ? DslCall.of("mountTmpfs", t.target()) : DslCall.of("mountTmpfs", t.target(), t.size().get().toCompose());
    }
    return DslCall.of("mount", mount);
  }

  private Optional<Mount> shortVolume(ComposeNode node, String p, String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length == 1) {
      // Compose's anonymous volume; policy warns that its data does not outlive the container.
      return Optional.of(Mount.VolumeMount.anonymous(spec, false));
    }
    if (parts.length > 3) {
      cx.error(node.location(), p, "\"" + spec + "\" is not SOURCE:TARGET[:OPTIONS]");
      return Optional.empty();
    }
    String source = parts[0];
    String target = parts[1];
    boolean readOnly = false;
    Optional<String> propagation = Optional.empty();
    if (parts.length == 3) {
      for (String option : parts[2].split(",")) {
        if (option.equals("ro")) {
          readOnly = true;
        } else if (option.equals("rw")) {
          readOnly = false;
        } else if (PROPAGATIONS.contains(option)) {
          propagation = Optional.of(option);
        } else {
          cx.unsupported(node.location(), p, "volume option \"" + option + "\" is not supported by Sentinel's model");
        }
      }
    }
    if (isHostPath(source)) {
      return Optional.of(new Mount.BindMount(source, target, readOnly, propagation));
    }
    if (propagation.isPresent()) {
      cx.error(node.location(), p, "propagation \"" + propagation.get() + "\" applies to bind mounts, not to volume \"" + source + "\"");
    }
    return Optional.of(new Mount.VolumeMount(source, target, readOnly));
  }

  /** Compose's rule: a source starting with {@code .}, {@code /} or {@code ~} is a host path, anything else a volume name. */
  private static boolean isHostPath(String source) {
    return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
  }

  private Optional<Mount> longVolume(Mapping m, String p) {
    Optional<String> type = m.get("type").flatMap(t -> cx.string(t, p + ".type"));
    Optional<String> source = m.get("source").flatMap(s -> cx.string(s, p + ".source"));
    Optional<String> target = m.get("target").flatMap(t -> cx.string(t, p + ".target"));
    boolean readOnly = m.get("read_only").flatMap(r -> cx.bool(r, p + ".read_only")).orElse(false);
    Optional<String> propagation = Optional.empty();
    Optional<Size> size = Optional.empty();
    Optional<Integer> mode = Optional.empty();
    for (var e : m.entries().entrySet()) {
      String q = p + "." + e.getKey();
      switch (e.getKey()) {
        case "type", "source", "target", "read_only" -> { }
        case "bind" -> {
          Optional<Mapping> bind = cx.mapping(e.getValue(), q);
          if (bind.isPresent()) {
            for (var b : bind.get().entries().entrySet()) {
              if (b.getKey().equals("propagation")) {
                propagation = cx.string(b.getValue(), q + ".propagation");
              } else if (!(b.getKey().equals("create_host_path") && cx.bool(b.getValue(), q + ".create_host_path").orElse(true))) {
                cx.unsupported(b.getValue().location(), q + "." + b.getKey(), "bind setting \"" + b.getKey() + "\" is not supported by Sentinel's model");
              }
            }
          }
        }
        case "tmpfs" -> {
          Optional<Mapping> tmpfs = cx.mapping(e.getValue(), q);
          if (tmpfs.isPresent()) {
            for (var t : tmpfs.get().entries().entrySet()) {
              if (t.getKey().equals("size")) {
                size = cx.string(t.getValue(), q + ".size").flatMap(s -> cx.parse(t.getValue(), q + ".size", s, Size::parse));
              } else if (t.getKey().equals("mode")) {
                mode = cx.integer(t.getValue(), q + ".mode");
              } else {
                cx.unsupported(t.getValue().location(), q + "." + t.getKey(), "tmpfs setting \"" + t.getKey() + "\" is not supported by Sentinel's model");
              }
            }
          }
        }
        case "volume" -> {
          Optional<Mapping> volume = cx.mapping(e.getValue(), q);
          volume.ifPresent(vol -> vol.entries().forEach((k, x) -> {
            if (!(k.equals("nocopy") && !cx.bool(x, q + ".nocopy").orElse(false))) {
              cx.unsupported(x.location(), q + "." + k, "volume setting \"" + k + "\" is not supported by Sentinel's model");
            }
          }));
        }
        default -> cx.unsupported(e.getValue().location(), q, "mount setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
      }
    }
    if (target.isEmpty()) {
      if (m.get("target").isEmpty()) {
        cx.error(m.location(), p, "a mount needs a target");
      }
      return Optional.empty();
    }
    String kind = type.orElse("volume");
    switch (kind) {
      case "volume" -> {
        return Optional.of(source.isEmpty() ? Mount.VolumeMount.anonymous(target.get(), readOnly)
            : new Mount.VolumeMount(source.get(), target.get(), readOnly));
      }
      case "bind" -> {
        if (source.isEmpty()) {
          cx.error(m.location(), p, "a bind mount needs a source");
          return Optional.empty();
        }
        return Optional.of(new Mount.BindMount(source.get(), target.get(), readOnly, propagation));
      }
      case "tmpfs" -> {
        Optional<Size> sz = size;
        Optional<Integer> md = mode;
        return cx.attempt(m, p, () -> new Mount.TmpfsMount(target.get(), sz, md));
      }
      default -> {
        cx.unsupported(m.location(), p + ".type", "mount type \"" + kind + "\" is not supported by Sentinel's model");
        return Optional.empty();
      }
    }
  }

  /** The service-level {@code tmpfs:} key: {@code /run} or {@code /run:size=64m,mode=1777}. */
  private void tmpfs(ComposeNode v, String at, List<DslCall> calls) {
    List<String> entries = cx.strings(v, at, true);
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      String target = colon < 0 ? entry : entry.substring(0, colon);
      Optional<Size> size = Optional.empty();
      Optional<Integer> mode = Optional.empty();
      List<String> options = new ArrayList<>();
      if (colon >= 0) {
        for (String option : entry.substring(colon + 1).split(",")) {
          if (option.startsWith("size=")) {
            size = cx.parse(v, at, option.substring(5), Size::parse);
          } else if (option.startsWith("mode=")) {
            mode = cx.parse(v, at, option.substring(5), m -> (int) Long.parseLong(m, 8));
          } else if (!option.equals("rw")) {
            options.add(option);
          }
        }
      }
      Optional<Size> sz = size;
      Optional<Integer> md = mode;
      cx.attempt(v, at, () -> new Mount.TmpfsMount(target, sz, md, options)).ifPresent(t -> {
        cx.located(at + "." + target, v);
        calls.add(call(t));
      });
    }
  }

  /** {@code secrets:} or {@code configs:} of a service; {@code kind} is "secret" or "config". */
  private void fileMounts(ComposeNode v, String at, String kind, List<DslCall> calls) {
    cx.forEachItem(v, at, (item, p) -> {
      if (item instanceof Scalar) {
        cx.string(item, p).ifPresent(name -> {
          cx.located(at + "." + name, item);
          calls.add(kind.equals("secret") ? DslCall.of("secret", name) : DslCall.of("config", name, FileMount.defaultConfigTarget(name)));
        });
      } else {
        cx.mapping(item, p).ifPresent(m -> longFileMount(m, p, at, kind, calls));
      }
    });
  }

  private void longFileMount(Mapping m, String p, String at, String kind, List<DslCall> calls) {
    Optional<String> source = Optional.empty();
    Optional<String> target = Optional.empty();
    Optional<String> uid = Optional.empty();
    Optional<String> gid = Optional.empty();
    Optional<Integer> mode = Optional.empty();
    for (var e : m.entries().entrySet()) {
      String q = p + "." + e.getKey();
      switch (e.getKey()) {
        case "source" -> source = cx.string(e.getValue(), q);
        case "target" -> target = cx.string(e.getValue(), q);
        case "uid" -> uid = cx.string(e.getValue(), q);
        case "gid" -> gid = cx.string(e.getValue(), q);
        case "mode" -> mode = cx.integer(e.getValue(), q);
        default -> cx.unsupported(e.getValue().location(), q, kind + " setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
      }
    }
    if (source.isEmpty()) {
      if (m.get("source").isEmpty()) {
        cx.error(m.location(), p, "a " + kind + " mount needs a source");
      }
      return;
    }
    String name = source.get();
    // A relative target is relative to /run/secrets for secrets (Compose's rule) and to / for configs.
    String path = target.map(t -> t.startsWith("/") ? t : kind.equals("secret") ? FileMount.defaultSecretTarget(t) : "/" + t)
        .orElse(kind.equals("secret") ? FileMount.defaultSecretTarget(name) : FileMount.defaultConfigTarget(name));
    cx.located(at + "." + name, m);
    Optional<String> u = uid;
    Optional<String> g = gid;
    Optional<Integer> md = mode;
    Optional<FileMount> mount = cx.attempt(m, p, () -> new FileMount(name, path, u, g, md));
    if (mount.isEmpty()) {
      return;
    }
    if (uid.isEmpty() && gid.isEmpty() && mode.isEmpty()) {
      calls.add(kind.equals("secret") && target.isEmpty() ? DslCall.of("secret", name) : DslCall.of(kind, name, path));
    } else {
      calls.add(DslCall.of(kind, mount.get()));
    }
  }
}
