package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging volumes of one-pass restores ({@code sentinel-restore-staging-…}, labelled {@link
 * HelperContainers#LABEL}{@code =restore-staging}): held by the restore that made each one, and
 * removed by a later restore once their own restore no longer runs.
 *
 * <p>Why a lock and not a process ID: a restore killed with SIGKILL (or by the OOM killer, or a
 * power cut) cannot remove its staging volume, and the next restore must tell such a leftover from
 * the staging volume of a restore running right now in another process, perhaps in another
 * container with its own process IDs. A POSIX record lock on a file in the volume's directory is
 * released by the kernel when its process ends, however it ends, and is seen by every process on
 * the host. A staging volume without a lock file is its restore's only in the moments between
 * creating the volume and locking it (its directory is still empty); one whose directory has not
 * changed for {@link #UNLOCKED_GRACE} is a leftover (of a restore killed in those moments, or of a
 * Sentinel before the lock).
 */
public final class StagingVolumes {
  /** The label value of a staging volume (under {@link HelperContainers#LABEL}). */
  public static final String LABEL_VALUE = "restore-staging";
  static final String LOCK_FILE = ".sentinel-restore.lock";
  static final Duration UNLOCKED_GRACE = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(StagingVolumes.class);
  /**
   * The lock files this JVM holds. Never opened by the sweep: closing any channel on a file drops
   * every POSIX lock the process holds on it, so a look at a restore running in this JVM would
   * unlock it for every other process.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private StagingVolumes() {}

  /**
   * Locks the staging volume whose directory is {@code directory} for as long as the returned handle
   * is open (or this process lives).
   */
  public static Closeable hold(Path directory) throws IOException {
    Path lockFile = directory.resolve(LOCK_FILE);
    // Locked under another name and then renamed (the lock is the inode's): a sweep never finds the
    // lock file unlocked while its restore runs.
    Path unnamed = directory.resolve(LOCK_FILE + ".new");
    FileChannel channel = FileChannel.open(unnamed, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    HELD.add(lockFile);
    try {
      FileLock lock = channel.lock();
      Files.move(unnamed, lockFile, StandardCopyOption.ATOMIC_MOVE);
      return () -> {
        try {
          lock.release();
        } finally {
          channel.close();
          HELD.remove(lockFile);
        }
      };
    } catch (IOException | RuntimeException e) {
      channel.close();
      HELD.remove(lockFile);
      throw e;
    }
  }

  /**
   * Removes every staging volume on the engine whose restore has ended without removing it (and a
   * helper container of that restore still mounting it), except {@code own}. A volume whose
   * directory is not on this host, or whose state cannot be told, is left alone. Never throws.
   *
   * @return the volumes removed
   */
  public static List<String> removeAbandoned(DockerClient docker, String own) {
    List<String> removed = new ArrayList<>();
    try {
      var listed = docker.listVolumesCmd().withFilter("label", List.of(HelperContainers.LABEL + "=" + LABEL_VALUE)).exec().getVolumes();
      for (var v : listed == null ? List.<InspectVolumeResponse>of() : listed) {
        if (v.getName().equals(own) || !abandoned(docker, v.getName())) {
          continue;
        }
        try {
          for (var helper : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(HelperContainers.LABEL, v.getName())).exec()) {
            docker.removeContainerCmd(helper.getId()).withForce(true).exec();
          }
          docker.removeVolumeCmd(v.getName()).exec();
          removed.add(v.getName());
          log.info("removed the staging volume {} of a restore that was cut off", v.getName());
        } catch (NotFoundException gone) {
          // removed meanwhile by another restore
        }
      }
    } catch (RuntimeException e) {
      log.warn("could not look for staging volumes of restores that were cut off: {}", e.toString());
    }
    return removed;
  }

  private static boolean abandoned(DockerClient docker, String volume) {
    try {
      InspectVolumeResponse inspected = docker.inspectVolumeCmd(volume).exec();
      if (inspected.getMountpoint() == null || !Files.isDirectory(Path.of(inspected.getMountpoint()), LinkOption.NOFOLLOW_LINKS)) {
        return false; // not on this host (or not readable here): nothing can be told
      }
      Path directory = Path.of(inspected.getMountpoint());
      Path lockFile = directory.resolve(LOCK_FILE);
      if (HELD.contains(lockFile)) {
        return false; // its restore runs, in this process
      }
      if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        Instant changed = Files.getLastModifiedTime(directory, LinkOption.NOFOLLOW_LINKS).toInstant();
        return changed.isBefore(Instant.now().minus(UNLOCKED_GRACE));
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          return false; // its restore runs, in another process
        }
        lock.release();
        return true;
      } catch (OverlappingFileLockException ownedHere) {
        return false; // its restore runs, in this process
      }
    } catch (NotFoundException | IOException e) {
      return false;
    }
  }
}
