package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named volume of the stack: where its data lives, and how it is backed up.
 *
 * <pre>{@code
 * stack.volume("redis-data");
 * stack.volume("prometheus-data", v -> v.backup(b -> b.consistency(BackupPolicy.Consistency.PAUSE)));
 * }</pre>
 *
 * @param name the volume's name in the stack (the engine's name is prefixed with the stack's)
 * @param driver the volume driver, when not {@code local}
 * @param driverOptions the driver's options
 * @param labels labels on the volume
 * @param external whether the volume exists already and is not managed by Sentinel
 * @param backup how it is kept consistent during backups
 * @param fixedName the engine's name when the definition fixes it (Compose's {@code name:})
 */
public record Volume(
    String name,
    Optional<String> driver,
    Map<String, String> driverOptions,
    Map<String, String> labels,
    boolean external,
    BackupPolicy backup,
    Optional<String> fixedName) {
  public Volume {
    checkNotNull(name, "name");
    checkNotNull(driver, "driver");
    driverOptions = ImmutableMap.copyOf(driverOptions);
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(backup, "backup");
    checkNotNull(fixedName, "fixedName");
  }

  /** Whether its data lives on the node that mounts it (the local driver, the default), so it does not follow a task to another node. */
  public boolean isNodeLocal() {
    return driver.map("local"::equals).orElse(true);
  }

  /** The volume's name on the engine: the fixed one, else its own when external, else {@code <stack>_<name>} as Compose names it. */
  public String engineName(String stack) {
    return fixedName.orElse(external ? name : stack + "_" + name);
  }
}
