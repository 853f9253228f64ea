package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished, verified backup.
 *
 * @param archive the archive, under its final name
 * @param manifest what it holds
 * @param held the containers stopped or paused while their volumes were read, and for how long
 * @param skippedEntries entries left out because an archive cannot hold them (devices, FIFOs, sockets)
 * @param pruned older archives removed by the retention policy
 * @param took how long the backup took
 * @param readOnHost the volumes read straight from their directory on this host; the others were read
 *     through the engine's archive endpoint
 */
public record BackupResult(Path archive, Manifest manifest, List<StoppedContainer> held, long skippedEntries, List<Path> pruned, Duration took,
    List<String> readOnHost) {
  public BackupResult {
    checkNotNull(archive, "archive");
    checkNotNull(manifest, "manifest");
    held = ImmutableList.copyOf(held);
    pruned = ImmutableList.copyOf(pruned);
    checkNotNull(took, "took");
    readOnHost = ImmutableList.copyOf(readOnHost);
  }

  /** As before host reads existed: every volume read through the engine. */
  public BackupResult(Path archive, Manifest manifest, List<StoppedContainer> held, long skippedEntries, List<Path> pruned, Duration took) {
    this(archive, manifest, held, skippedEntries, pruned, took, List.of());
  }
}
