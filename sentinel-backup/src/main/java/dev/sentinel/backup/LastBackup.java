package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The newest archive that holds a volume, for reports and alerts on backup age.
 *
 * <pre>{@code
 * VolumeBackup.lastBackups("shop", Path.of("backups"), List.of("shop_db-data"))
 *     .forEach(b -> log.info("{}: {} old", b.volume(), b.age(Instant.now())));
 * }</pre>
 *
 * @param volume the engine's volume name, e.g. {@code shop_db-data}
 * @param archive the archive
 * @param createdAt when that backup started
 * @param bytes how many bytes of file content the volume had
 */
public record LastBackup(String volume, Path archive, Instant createdAt, long bytes) {
  public LastBackup {
    checkNotNull(volume, "volume");
    checkNotNull(archive, "archive");
    checkNotNull(createdAt, "createdAt");
  }

  /** How old the backup is at {@code now}: the data a restore would lose. */
  public Duration age(Instant now) {
    return Duration.between(createdAt, now);
  }
}
