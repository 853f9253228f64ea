package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Configures a {@link Volume}.
 *
 * <pre>{@code
 * stack.volume("redis-data", v -> v.label("backup", "daily").backup(b -> b.consistency(BackupPolicy.Consistency.STOP)));
 * }</pre>
 */
public final class VolumeBuilder {
  private final String name;
  private Optional<String> driver;
  private final Map<String, String> driverOptions;
  private final Map<String, String> labels;
  private boolean external;
  private BackupPolicy backup;
  private Optional<String> fixedName;

  VolumeBuilder(String name, Optional<Volume> from) {
    this.name = name;
    this.driver = from.flatMap(Volume::driver);
    this.driverOptions = new LinkedHashMap<>(from.map(Volume::driverOptions).orElse(Map.of()));
    this.labels = new LinkedHashMap<>(from.map(Volume::labels).orElse(Map.of()));
    this.external = from.map(Volume::external).orElse(false);
    this.backup = from.map(Volume::backup).orElse(BackupPolicy.DEFAULT);
    this.fixedName = from.flatMap(Volume::fixedName);
  }

  public VolumeBuilder driver(String driver) {
    this.driver = Optional.of(checkNotNull(driver, "driver"));
    return this;
  }

  public VolumeBuilder driverOption(String key, String value) {
    driverOptions.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  public VolumeBuilder label(String key, String value) {
    labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** The volume exists already; Sentinel never creates or removes it. */
  public VolumeBuilder external() {
    this.external = true;
    return this;
  }

  /** How the volume is kept consistent while it is backed up. */
  public VolumeBuilder backup(Consumer<BackupPolicyBuilder> configure) {
    BackupPolicyBuilder builder = new BackupPolicyBuilder(backup);
    configure.accept(builder);
    this.backup = builder.build();
    return this;
  }

  /** The name the volume has on the engine, instead of {@code <stack>_<name>}: Compose's {@code name:}. */
  public VolumeBuilder engineName(String engineName) {
    this.fixedName = Optional.of(checkNotNull(engineName, "engineName"));
    return this;
  }

  Volume build() {
    return new Volume(name, driver, driverOptions, labels, external, backup, fixedName);
  }
}
