package dev.sentinel.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BytePipeTest {
  @Test
  void bytesWrittenInUnevenPiecesArriveWholeAndInOrder() throws Exception {
    byte[] data = new byte[3_000_001];
    new Random(7).nextBytes(data);
    BytePipe pipe = new BytePipe(2, 4096);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = pipe.sink()) {
        Random sizes = new Random(11);
        int at = 0;
        while (at < data.length) {
          int n = Math.min(data.length - at, sizes.nextInt(10_000));
          out.write(data, at, n);
          at += n;
          if (sizes.nextInt(10) == 0) {
            out.flush();
          }
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    byte[] read;
    try (InputStream in = pipe.source()) {
      read = in.readAllBytes();
    }
    writer.get();
    assertThat(read).isEqualTo(data);
  }

  @Test
  void theWritersFailureReachesTheReaderWithItsCauseInsteadOfAnEnd() throws Exception {
    BytePipe pipe = new BytePipe(4, 1024);
    OutputStream out = pipe.sink();
    out.write(new byte[100]);
    out.flush();
    pipe.fail(new IllegalStateException("digest mismatch in volume v"));
    InputStream in = pipe.source();
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
        .hasMessageContaining("digest mismatch in volume v").hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(in::read).as("a failed stream never turns into a clean end").isInstanceOf(IOException.class);
  }

  @Test
  void aReaderThatClosesEarlyReleasesAWriterWaitingForSpace() throws Exception {
    BytePipe pipe = new BytePipe(1, 16);
    CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
      try (OutputStream out = pipe.sink()) {
        out.write(new byte[1 << 20]);
        return null;
      } catch (IOException e) {
        return e;
      }
    });
    InputStream in = pipe.source();
    assertThat(in.read(new byte[16])).isEqualTo(16);
    in.close();
    assertThat(writer.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("reading side");
  }

  @Test
  void readingAheadDeliversAPrefixOfTheSourceAndThenItsFailureNeverACleanEnd() throws Exception {
    byte[] data = new byte[200_000];
    new Random(3).nextBytes(data);
    InputStream failing = new InputStream() {
      private final InputStream content = new ByteArrayInputStream(data);

      @Override
      public int read() throws IOException {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = content.read(b, off, len);
        if (n < 0) {
          throw new IOException("engine connection reset");
        }
        return n;
      }
    };
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    try (InputStream ahead = BytePipe.readingAhead(failing, "test-read-ahead", 2, 1000)) {
      byte[] buffer = new byte[777];
      // What was queued when the source failed may be dropped (fail() stops the reader at once);
      // what arrives must be the source's bytes in order, and the end must be the failure.
      assertThatThrownBy(() -> {
        int n;
        while ((n = ahead.read(buffer)) >= 0) {
          got.write(buffer, 0, n);
        }
      }).isInstanceOf(IOException.class).hasMessageContaining("engine connection reset");
    }
    assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOf(data, got.size()));
  }
}
