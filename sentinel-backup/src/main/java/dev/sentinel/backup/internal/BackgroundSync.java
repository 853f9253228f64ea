package dev.sentinel.backup.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a growing file's data to disk while it is still being written: after every {@code every}
 * bytes the writer reports, one {@code fsync} runs on a thread of its own (never two at once).
 *
 * <p>Why: an archive gets its final name only after an {@code fsync}, and one over the whole
 * archive at the end made the backup wait for the disk to take all of it (about 0.3 s per 256 MiB
 * here) after the last byte was compressed. Synced along the way, the disk works while the engine
 * and the compressor do, and the last {@code fsync} finds little left. It changes nothing of what
 * is guaranteed: the final {@code fsync} still runs, and its failure still fails the backup; a
 * failed early one is only logged (the final one reports the same fault).
 */
final class BackgroundSync {
  private static final Logger log = LoggerFactory.getLogger(BackgroundSync.class);

  private final FileChannel channel;
  private final long every;
  private long unsynced;
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  BackgroundSync(FileChannel channel, long every) {
    this.channel = channel;
    this.every = every;
  }

  /** The writer wrote {@code bytes} more; called from the writing thread only. */
  void written(long bytes) {
    unsynced += bytes;
    if (unsynced >= every && running.isDone()) {
      unsynced = 0;
      running = CompletableFuture.runAsync(this::sync, task -> {
        Thread t = new Thread(task, "sentinel-backup-sync");
        t.setDaemon(true);
        t.start();
      });
    }
  }

  /** Waits for the sync under way, if any, so the caller's own {@code fsync} or close follows it. */
  void awaitIdle() {
    running.join();
  }

  private void sync() {
    try {
      channel.force(false);
    } catch (IOException e) {
      // Closed because the backup failed, or a disk fault the final fsync reports as well.
      log.debug("an early fsync of the archive failed: {}", e.toString());
    }
  }
}
