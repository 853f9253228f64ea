package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.sentinel.dsl.BackupPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * How a backup is written.
 *
 * <pre>{@code
 * BackupOptions.defaults().withCompression(Compression.GZIP, 6).withRetention(RetentionPolicy.dailyAndMonthly(7, 12));
 * }</pre>
 *
 * @param compression zstd (default) or gzip
 * @param level the compression level (zstd 1–19, default 3; gzip 1–9)
 * @param defaultConsistency for volumes that are not part of a stack definition
 * @param retention prune older archives of the same stack after the new one verified, when present
 * @param extraLabels labels for the helper containers (tests use them)
 * @param hostReads whether a volume may be read straight from its directory on this host when the
 *     engine runs here, this process is root and no container that mounts the volume runs while it
 *     is read (see docs/backup.md); otherwise the engine's archive endpoint reads it
 */
public record BackupOptions(Compression compression, int level, BackupPolicy.Consistency defaultConsistency,
    Optional<RetentionPolicy> retention, Map<String, String> extraLabels, boolean hostReads) {
  public BackupOptions {
    checkNotNull(compression, "compression");
    checkArgument(level >= 1 && level <= (compression == Compression.ZSTD ? 19 : 9), "compression level %s is out of range", level);
    checkNotNull(defaultConsistency, "defaultConsistency");
    checkNotNull(retention, "retention");
    extraLabels = ImmutableMap.copyOf(extraLabels);
  }

  /** As before host reads existed: they are on. */
  public BackupOptions(Compression compression, int level, BackupPolicy.Consistency defaultConsistency,
      Optional<RetentionPolicy> retention, Map<String, String> extraLabels) {
    this(compression, level, defaultConsistency, retention, extraLabels, true);
  }

  /** zstd level 3, stop writers, no pruning. */
  public static BackupOptions defaults() {
    return new BackupOptions(Compression.ZSTD, 3, BackupPolicy.Consistency.STOP, Optional.empty(), Map.of(), true);
  }

  public BackupOptions withCompression(Compression compression, int level) {
    return new BackupOptions(compression, level, defaultConsistency, retention, extraLabels, hostReads);
  }

  public BackupOptions withDefaultConsistency(BackupPolicy.Consistency consistency) {
    return new BackupOptions(compression, level, consistency, retention, extraLabels, hostReads);
  }

  public BackupOptions withRetention(RetentionPolicy policy) {
    return new BackupOptions(compression, level, defaultConsistency, Optional.of(policy), extraLabels, hostReads);
  }

  public BackupOptions withExtraLabels(Map<String, String> labels) {
    return new BackupOptions(compression, level, defaultConsistency, retention, labels, hostReads);
  }

  /** Every volume read through the engine's archive endpoint, never from its directory on this host. */
  public BackupOptions withoutHostReads() {
    return new BackupOptions(compression, level, defaultConsistency, retention, extraLabels, false);
  }
}
