package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundSyncTest {
  /** A channel that only counts its syncs; each sync waits until {@code release} opens. */
  private static final class CountingChannel extends FileChannel {
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger atOnce = new AtomicInteger();
    volatile int mostAtOnce;
    volatile CountDownLatch release = new CountDownLatch(0);

    @Override
    public void force(boolean metaData) throws IOException {
      mostAtOnce = Math.max(mostAtOnce, atOnce.incrementAndGet());
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      syncs.incrementAndGet();
      atOnce.decrementAndGet();
    }

    // Nothing below is used by BackgroundSync.
    @Override public int read(ByteBuffer dst) { throw new UnsupportedOperationException(); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) { throw new UnsupportedOperationException(); }
    @Override public int write(ByteBuffer src) { throw new UnsupportedOperationException(); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new UnsupportedOperationException(); }
    @Override public long position() { throw new UnsupportedOperationException(); }
    @Override public FileChannel position(long newPosition) { throw new UnsupportedOperationException(); }
    @Override public long size() { throw new UnsupportedOperationException(); }
    @Override public FileChannel truncate(long size) { throw new UnsupportedOperationException(); }
    @Override public long transferTo(long position, long count, WritableByteChannel target) { throw new UnsupportedOperationException(); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) { throw new UnsupportedOperationException(); }
    @Override public int read(ByteBuffer dst, long position) { throw new UnsupportedOperationException(); }
    @Override public int write(ByteBuffer src, long position) { throw new UnsupportedOperationException(); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) { throw new UnsupportedOperationException(); }
    @Override public FileLock lock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
    @Override public FileLock tryLock(long position, long size, boolean shared) { throw new UnsupportedOperationException(); }
    @Override protected void implCloseChannel() {}
  }

  @Test
  void aSyncStartsOnceEnoughIsWrittenAndNeverTwoRunAtOnce() {
    CountingChannel channel = new CountingChannel();
    BackgroundSync sync = new BackgroundSync(channel, 100);
    sync.written(99);
    sync.awaitIdle();
    assertThat(channel.syncs).hasValue(0);

    channel.release = new CountDownLatch(1);
    sync.written(1); // 100: one sync starts, and is held
    sync.written(500); // while it runs: none more
    sync.written(500);
    channel.release.countDown();
    sync.awaitIdle();
    assertThat(channel.syncs).hasValue(1);
    assertThat(channel.mostAtOnce).isEqualTo(1);

    sync.written(100); // once idle, the next 100 bytes start the next one
    sync.awaitIdle();
    assertThat(channel.syncs).hasValue(2);
  }
}
