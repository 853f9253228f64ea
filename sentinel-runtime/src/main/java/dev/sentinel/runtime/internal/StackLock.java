package dev.sentinel.runtime.internal;

import com.google.common.hash.Hashing;
import dev.sentinel.runtime.StackLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One apply or down of a stack on an engine at a time, across threads and processes of this host:
 * a lock in this JVM plus an OS file lock under the temporary directory. The second caller waits,
 * and fails with a clear message if the first does not finish in time.
 */
public final class StackLock implements AutoCloseable {
  private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock fileLock;

  private StackLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
    this.local = local;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** @throws StackLockedException when the lock is not free within {@code wait} */
  public static StackLock acquire(String engineAddress, String stack, Duration wait) {
    String key = Hashing.sha256().hashString(engineAddress, StandardCharsets.UTF_8).toString().substring(0, 16) + "-" + stack;
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "sentinel-locks", key + ".lock");
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    Instant deadline = Instant.now().plus(wait);
    String busy = "another apply or down of stack \"" + stack + "\" on " + engineAddress + " is running (lock " + file
        + "); waited " + wait.toSeconds() + "s";
    try {
      if (!local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StackLockedException(busy);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackLockedException(busy);
    }
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock != null) {
          return new StackLock(local, channel, lock);
        }
        if (Instant.now().isAfter(deadline)) {
          channel.close();
          throw new StackLockedException(busy);
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      local.unlock();
      throw new UncheckedIOException("cannot lock stack \"" + stack + "\" with " + file, e);
    } catch (InterruptedException e) {
      local.unlock();
      Thread.currentThread().interrupt();
      throw new StackLockedException(busy);
    } catch (RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      local.unlock();
    }
  }
}
