package dev.sentinel.dsl;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service's containers mount: volumes, bind mounts and tmpfs, and the stack's secrets and
 * configs as files. One section of a {@link Service} (see {@link Execution} for what a section is);
 * set through {@link ServiceBuilder#mount} and its shorthands ({@code mountVolume}, {@code
 * mountBindReadOnly}, {@code mountTmpfs}, ...), {@link ServiceBuilder#secret} and {@link
 * ServiceBuilder#config}.
 *
 * <pre>{@code
 * svc.mountVolume("db-data", "/var/lib/postgresql/data").mountTmpfs("/tmp").secret("db-password");
 * }</pre>
 *
 * @param mounts volumes, bind mounts and tmpfs, at most one per target
 * @param secrets secrets mounted as files
 * @param configs configs mounted as files
 */
public record Storage(List<Mount> mounts, List<FileMount> secrets, List<FileMount> configs) {
  /** Nothing mounted. */
  public static final Storage NONE = new Storage(List.of(), List.of(), List.of());

  public Storage {
    mounts = ImmutableList.copyOf(mounts);
    secrets = ImmutableList.copyOf(secrets);
    configs = ImmutableList.copyOf(configs);
  }

  /** Where the containers find {@code secret}'s file: its first mount's target, else the default {@code /run/secrets/<secret>}. */
  public String secretTarget(String secret) {
    return secrets.stream().filter(m -> m.source().equals(secret)).map(FileMount::target).findFirst()
        .orElse(FileMount.defaultSecretTarget(secret));
  }

  /** A {@link ServiceBuilder}'s state of this section, seeded from a base service in overlays. */
  static final class State {
    /** The Compose attributes of this section, which {@link #reset} clears ({@code volumes} clears tmpfs mounts too). */
    static final List<String> COMPOSE_KEYS = List.of("volumes", "secrets", "configs");

    final List<Mount> mounts;
    final List<FileMount> secrets;
    final List<FileMount> configs;

    State(Storage from) {
      mounts = new ArrayList<>(from.mounts());
      secrets = new ArrayList<>(from.secrets());
      configs = new ArrayList<>(from.configs());
    }

    /** Clears one Compose attribute; false when it is not one of this section's. */
    boolean reset(String composeKey) {
      switch (composeKey) {
        case "volumes" -> mounts.clear();
        case "secrets" -> secrets.clear();
        case "configs" -> configs.clear();
        default -> {
          return false;
        }
      }
      return true;
    }

    Storage build() {
      return new Storage(mounts, secrets, configs);
    }
  }
}
