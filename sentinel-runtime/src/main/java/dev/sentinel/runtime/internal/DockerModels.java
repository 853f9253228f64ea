package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.TmpfsOptions;
import java.util.Locale;

/** The docker-java forms of a {@link ContainerSpec}'s parts, shared by the engine and Swarm targets. */
final class DockerModels {
  private DockerModels() {}

  static Mount mount(ContainerSpec.MountSpec m) {
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
