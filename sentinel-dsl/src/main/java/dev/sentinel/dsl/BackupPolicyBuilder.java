package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;

/**
 * Configures a volume's {@link BackupPolicy}.
 *
 * <pre>{@code
 * v.backup(b -> b.consistency(BackupPolicy.Consistency.NONE).before("redis", "redis-cli", "SAVE"));
 * }</pre>
 */
public final class BackupPolicyBuilder {
  private BackupPolicy.Consistency consistency;
  private Optional<BackupPolicy.Hook> before;
  private Optional<BackupPolicy.Hook> after;

  BackupPolicyBuilder(BackupPolicy from) {
    this.consistency = from.consistency();
    this.before = from.before();
    this.after = from.after();
  }

  public BackupPolicyBuilder consistency(BackupPolicy.Consistency consistency) {
    this.consistency = checkNotNull(consistency, "consistency");
    return this;
  }

  /** Runs {@code command} in {@code service} before the volume is read (e.g. a database dump). */
  public BackupPolicyBuilder before(String service, String... command) {
    this.before = Optional.of(new BackupPolicy.Hook(service, List.of(command)));
    return this;
  }

  /** Runs {@code command} in {@code service} after the volume is read. */
  public BackupPolicyBuilder after(String service, String... command) {
    this.after = Optional.of(new BackupPolicy.Hook(service, List.of(command)));
    return this;
  }

  BackupPolicy build() {
    return new BackupPolicy(consistency, before, after);
  }
}
