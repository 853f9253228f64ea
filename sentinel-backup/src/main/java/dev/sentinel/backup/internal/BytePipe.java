package dev.sentinel.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe of byte chunks between one writing and one reading thread, so two stages of a
 * stream (the engine's socket and the compressor, the compressor and the self-check, the archive
 * and the engine) run side by side instead of taking turns.
 *
 * <p>Why not {@link java.io.PipedInputStream}: it hands over one byte array under a monitor and the
 * writer, once the buffer is full, waits until the reader has drained all of it, so the two sides
 * mostly alternate. Here the writer fills whole chunks while the reader consumes earlier ones.
 *
 * <p>Failures cross the pipe: {@link #fail} makes the reader's next read throw with the writer's
 * cause, and a reader that closes early makes the writer's next write throw, so neither side
 * waits forever for the other. At most {@code chunks × chunkSize} bytes are held.
 */
final class BytePipe {
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue;
  private final int chunkSize;
  private volatile boolean readerClosed;
  private volatile Throwable writerFailure;

  BytePipe(int chunks, int chunkSize) {
    this.queue = new ArrayBlockingQueue<>(chunks);
    this.chunkSize = chunkSize;
  }

  /**
   * The writing end; closing it ends the stream cleanly for the reader, so close it only on
   * success (not from try-with-resources) and {@link #fail} otherwise.
   */
  OutputStream sink() {
    return new Sink();
  }

  /** The reading end; closing it before the end makes the writer fail. */
  InputStream source() {
    return new Source();
  }

  /**
   * {@code source} read ahead on a thread of its own, {@code chunks × chunkSize} bytes at most, so
   * whoever produces it (the engine) never waits while the caller works on what it already has.
   * Closing the returned stream closes {@code source}, which also stops the thread.
   */
  static InputStream readingAhead(InputStream source, String threadName, int chunks, int chunkSize) {
    BytePipe pipe = new BytePipe(chunks, chunkSize);
    InputStream reading = pipe.source();
    Thread thread = new Thread(() -> {
      OutputStream sink = pipe.sink();
      try {
        byte[] buffer = new byte[chunkSize];
        int n;
        while ((n = source.read(buffer)) >= 0) {
          sink.write(buffer, 0, n);
        }
        // Closed only on success: closing ends the stream cleanly, which a failure must not.
        sink.close();
      } catch (IOException | RuntimeException e) {
        pipe.fail(e);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return new java.io.FilterInputStream(reading) {
      @Override
      public void close() throws IOException {
        try {
          reading.close();
        } finally {
          source.close();
        }
      }
    };
  }

  /**
   * Ends the stream with {@code cause}: the reader's next read throws an IOException with it.
   * Chunks the reader has not taken yet are dropped, so it stops at once instead of first working
   * through data that is already known to end in failure.
   */
  void fail(Throwable cause) {
    writerFailure = cause;
    queue.clear();
    queue.offer(END);
  }

  private final class Sink extends OutputStream {
    private byte[] chunk = new byte[chunkSize];
    private int filled;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, chunk.length - filled);
        System.arraycopy(b, off, chunk, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == chunk.length) {
          hand(chunk);
          chunk = new byte[chunkSize];
          filled = 0;
        }
      }
    }

    @Override
    public void flush() throws IOException {
      if (filled > 0) {
        hand(Arrays.copyOf(chunk, filled));
        filled = 0;
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        flush();
        hand(END);
      }
    }

    private void hand(byte[] bytes) throws IOException {
      if (readerClosed) {
        throw new IOException("the reading side of the pipe was closed");
      }
      try {
        while (!queue.offer(bytes, 100, TimeUnit.MILLISECONDS)) {
          if (readerClosed) {
            throw new IOException("the reading side of the pipe was closed");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing to the pipe");
      }
    }
  }

  private final class Source extends InputStream {
    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == chunk.length) {
        if (ended) {
          if (writerFailure != null) {
            throw new IOException(writerFailure.getMessage(), writerFailure);
          }
          return -1;
        }
        try {
          chunk = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading from the pipe");
        }
        position = 0;
        if (chunk == END) {
          ended = true;
          if (writerFailure != null) {
            throw new IOException(writerFailure.getMessage(), writerFailure);
          }
        }
      }
      int n = Math.min(len, chunk.length - position);
      System.arraycopy(chunk, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      readerClosed = true;
      queue.clear();
    }
  }
}
