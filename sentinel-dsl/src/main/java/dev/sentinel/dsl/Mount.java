package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * Something mounted into a service's containers at {@link #target()}. A service has at most one
 * mount per target.
 *
 * <pre>{@code
 * new Mount.VolumeMount("redis-data", "/data", false);
 * new Mount.TmpfsMount("/tmp", Optional.of(Size.mebibytes(64)), Optional.of(01777));
 * }</pre>
 */
public sealed interface Mount permits Mount.VolumeMount, Mount.BindMount, Mount.TmpfsMount {
  /** The absolute path inside the container. */
  String target();

  /** Whether the container sees it read-only. */
  boolean readOnly();

  /**
   * A named volume of the stack, or an anonymous volume (empty source): one the engine creates for
   * each container and removes with it, so its data does not outlive a recreation (policy warns:
   * DATA-ANONYMOUS-VOLUME).
   *
   * @param source the volume's name in the stack; empty for an anonymous volume
   */
  record VolumeMount(String source, String target, boolean readOnly) implements Mount {
    public VolumeMount {
      checkNotNull(source, "source");
      checkNotNull(target, "target");
    }

    /** An anonymous volume at {@code target}, as Compose's {@code volumes: [/app/node_modules]}. */
    public static VolumeMount anonymous(String target, boolean readOnly) {
      return new VolumeMount("", target, readOnly);
    }

    /** Whether this is an anonymous volume rather than one of the stack's named volumes. */
    public boolean isAnonymous() {
      return source.isEmpty();
    }
  }

  /**
   * A host path. Bind mounts tie a stack to one host; prefer named volumes.
   *
   * @param source the host path
   * @param propagation mount propagation ({@code rprivate}, {@code shared}, ...), when not the default
   */
  record BindMount(String source, String target, boolean readOnly, Optional<String> propagation) implements Mount {
    public BindMount {
      checkNotNull(source, "source");
      checkNotNull(target, "target");
      checkNotNull(propagation, "propagation");
    }

    public BindMount(String source, String target, boolean readOnly) {
      this(source, target, readOnly, Optional.empty());
    }
  }

  /**
   * An in-memory filesystem, always writable.
   *
   * @param size its size limit, when given
   * @param mode its permission bits (e.g. {@code 01777}), when given
   * @param options further mount options, e.g. {@code exec} or {@code uid=82} (Compose's {@code
   *     tmpfs: /path:exec,uid=82}); single engine only, a Swarm task takes size and mode alone
   */
  record TmpfsMount(String target, Optional<Size> size, Optional<Integer> mode, List<String> options) implements Mount {
    public TmpfsMount {
      checkNotNull(target, "target");
      checkNotNull(size, "size");
      checkNotNull(mode, "mode");
      checkArgument(mode.orElse(0) >= 0 && mode.orElse(0) <= 07777, "tmpfs mode %s is not valid", mode);
      options = com.google.common.collect.ImmutableList.copyOf(options);
      for (String option : options) {
        checkArgument(TMPFS_OPTION.matcher(option).matches(), "tmpfs option \"%s\" of %s is not a mount option such as exec, nosuid or uid=1000",
            option, target);
      }
    }

    /** A tmpfs of the given size and mode, with the engine's mount options. */
    public TmpfsMount(String target, Optional<Size> size, Optional<Integer> mode) {
      this(target, size, mode, List.of());
    }

    @Override
    public boolean readOnly() {
      return false;
    }
  }

  /** A mount option of tmpfs: a word (exec, nosuid, noatime) or a numeric setting (uid=82, nr_inodes=1000). */
  java.util.regex.Pattern TMPFS_OPTION = java.util.regex.Pattern.compile("[a-z_]+(=[0-9]+[kmgKMG%]?)?");
}
