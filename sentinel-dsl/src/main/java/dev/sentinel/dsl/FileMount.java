package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * A secret or config of the stack, mounted into a service as a read-only file.
 *
 * <pre>{@code
 * svc.secret("redis-password");                                     // /run/secrets/redis-password
 * svc.config("prometheus-yml", "/etc/prometheus/prometheus.yml");
 * }</pre>
 *
 * @param source the secret's or config's name in the stack
 * @param target the absolute path in the container
 * @param uid the file's owner, when not root
 * @param gid the file's group, when not root
 * @param mode the file's permission bits, when not the default ({@code 0444})
 */
public record FileMount(String source, String target, Optional<String> uid, Optional<String> gid, Optional<Integer> mode) {
  public FileMount {
    checkNotNull(source, "source");
    checkNotNull(target, "target");
    checkNotNull(uid, "uid");
    checkNotNull(gid, "gid");
    checkNotNull(mode, "mode");
    checkArgument(mode.orElse(0) >= 0 && mode.orElse(0) <= 0777, "file mode %s is not valid", mode);
  }

  /** Where a secret appears when no target is given. */
  public static String defaultSecretTarget(String secret) {
    return "/run/secrets/" + secret;
  }

  /** Where a config appears when no target is given. */
  public static String defaultConfigTarget(String config) {
    return "/" + config;
  }
}
