package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link dev.sentinel.dsl.Storage} section on the engine: volumes (by engine name), bind mounts
 * (absolute host paths), tmpfs, and the files of the service's secrets (with each secret's content
 * version, so a rotated secret recreates its users) and configs in the container spec; the create
 * request's mounts and tmpfs map. (A Swarm task takes the same mounts, and its secrets and configs by
 * name: {@link SwarmSpecs}.)
 */
public final class StorageMapping {
  private StorageMapping() {}

  /** This section's fields of a container spec: the mounts in declaration order, then secret and config files. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(List<MountSpec> mounts) {}

  /**
   * A mount: {@code volume}, {@code bind} or {@code tmpfs}. {@code version} identifies a secret's
   * content (a keyed hash, never the value), so a rotated secret recreates the services that mount it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSizeBytes, Integer tmpfsMode,
      String version, String propagation, List<String> tmpfsOptions) {
    public MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSizeBytes, Integer tmpfsMode,
        String version, String propagation) {
      this(type, source, target, readOnly, tmpfsSizeBytes, tmpfsMode, version, propagation, null);
    }

    public MountSpec(String type, String source, String target, boolean readOnly, Long tmpfsSizeBytes, Integer tmpfsMode) {
      this(type, source, target, readOnly, tmpfsSizeBytes, tmpfsMode, null, null);
    }
  }

  /** The section's spec for {@code s}: its mounts, the holder of its files (if any), then its secret and config files. */
  static Spec spec(Service s, StackSpec stack, ContainerSpecs.FileSources files, Map<String, String> secretVersions) {
    List<MountSpec> mounts = new ArrayList<>();
    for (dev.sentinel.dsl.Mount m : s.storage().mounts()) {
      if (m instanceof dev.sentinel.dsl.Mount.VolumeMount v) {
        // An anonymous volume has no source: the engine creates one for the container (and Sentinel
        // removes it with the container).
        mounts.add(new MountSpec("volume", v.isAnonymous() ? null : stack.volumeEngineName(v.source()), v.target(),
            v.readOnly(), null, null));
      } else if (m instanceof dev.sentinel.dsl.Mount.BindMount b) {
        mounts.add(new MountSpec("bind", Path.of(b.source()).toAbsolutePath().normalize().toString(), b.target(), b.readOnly(),
            null, null, null, b.propagation().orElse(null)));
      } else {
        dev.sentinel.dsl.Mount.TmpfsMount t = (dev.sentinel.dsl.Mount.TmpfsMount) m;
        mounts.add(new MountSpec("tmpfs", null, t.target(), false, t.size().map(z -> z.bytes()).orElse(null), t.mode().orElse(null),
            null, null, t.options().isEmpty() ? null : t.options()));
      }
    }
    files.holder(s.name()).ifPresent(mounts::add);
    for (FileMount f : s.storage().secrets()) {
      mounts.add(new MountSpec("bind", files.secret(s.name(), f.source()), f.target(), true, null, null,
          secretVersions.get(f.source()), null));
    }
    for (FileMount f : s.storage().configs()) {
      mounts.add(new MountSpec("bind", files.config(s.name(), f.source()), f.target(), true, null, null));
    }
    return new Spec(mounts);
  }

  /** Sets the mounts and, for a tmpfs with options, the host config's tmpfs map on the create request. */
  static void applyTo(Spec spec, HostConfig host) {
    host.withMounts(spec.mounts().stream().filter(m -> m.tmpfsOptions() == null).map(StorageMapping::mount).toList());
    Map<String, String> tmpfs = tmpfsWithOptions(spec);
    if (!tmpfs.isEmpty()) {
      host.withTmpFs(tmpfs);
    }
  }

  /**
   * A tmpfs with mount options (exec, uid=...) as the host config's tmpfs map: API 1.41's mount
   * type takes only size and mode.
   */
  private static Map<String, String> tmpfsWithOptions(Spec spec) {
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (MountSpec m : spec.mounts()) {
      if (m.tmpfsOptions() != null) {
        List<String> options = new ArrayList<>();
        if (m.tmpfsSizeBytes() != null) {
          options.add("size=" + m.tmpfsSizeBytes());
        }
        if (m.tmpfsMode() != null) {
          options.add("mode=" + Integer.toOctalString(m.tmpfsMode()));
        }
        options.addAll(m.tmpfsOptions());
        tmpfs.put(m.target(), String.join(",", options));
      }
    }
    return tmpfs;
  }

  /** The engine's form of a mount, for a container and a Swarm task alike. */
  static Mount mount(MountSpec m) {
    Mount mount = new Mount().withTarget(m.target());
    switch (m.type()) {
      case "volume" -> mount.withType(MountType.VOLUME).withSource(m.source()).withReadOnly(m.readOnly());
      case "bind" -> {
        mount.withType(MountType.BIND).withSource(m.source()).withReadOnly(m.readOnly());
        if (m.propagation() != null) {
          // rshared -> R_SHARED, shared -> SHARED, ...
          String name = m.propagation().toUpperCase(Locale.ROOT).replaceFirst("^R(?=[SP])", "R_");
          mount.withBindOptions(new BindOptions().withPropagation(BindPropagation.valueOf(name)));
        }
      }
      default -> {
        mount.withType(MountType.TMPFS);
        if (m.tmpfsSizeBytes() != null || m.tmpfsMode() != null) {
          mount.withTmpfsOptions(new TmpfsOptions().withSizeBytes(m.tmpfsSizeBytes()).withMode(m.tmpfsMode()));
        }
      }
    }
    return mount;
  }
}
