package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * How a volume is kept consistent while it is backed up.
 *
 * <pre>{@code
 * stack.volume("pg-data", v -> v.backup(b -> b.consistency(BackupPolicy.Consistency.NONE)
 *     .before("postgres", "pg_dump", "-f", "/var/lib/postgresql/data/dump.sql")));
 * }</pre>
 *
 * @param consistency what happens to the containers that use the volume during the backup
 * @param before a command run in a service before the volume is read
 * @param after a command run in a service after the volume is read
 */
public record BackupPolicy(Consistency consistency, Optional<Hook> before, Optional<Hook> after) {
  /** Stop the volume's writers while it is read; nothing before or after. */
  public static final BackupPolicy DEFAULT = new BackupPolicy(Consistency.STOP, Optional.empty(), Optional.empty());

  /** What happens to the containers that use a volume while it is read. */
  public enum Consistency {
    /** They are stopped, and started again afterwards (the default). */
    STOP,
    /** They are paused (frozen), and unpaused afterwards. */
    PAUSE,
    /** They keep running: only for data that is consistent on disk at every moment. */
    NONE
  }

  /**
   * A command run in one of the stack's services.
   *
   * @param service the service whose (first) container runs it
   * @param command the program and its arguments
   */
  public record Hook(String service, List<String> command) {
    public Hook {
      checkNotNull(service, "service");
      command = ImmutableList.copyOf(command);
    }
  }

  public BackupPolicy {
    checkNotNull(consistency, "consistency");
    checkNotNull(before, "before");
    checkNotNull(after, "after");
  }
}
