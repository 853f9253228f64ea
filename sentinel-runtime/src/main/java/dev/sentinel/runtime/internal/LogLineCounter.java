package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Counts a container's log lines that match a pattern, from its first line on, by following its
 * log stream (one request, not a re-read of the whole log on every poll). A line split over two
 * frames is joined first; stdout and stderr are joined separately.
 */
final class LogLineCounter implements Closeable {
  private final Pattern pattern;
  private final AtomicInteger matches = new AtomicInteger();
  private final Map<StreamType, StringBuilder> partial = new EnumMap<>(StreamType.class);
  private final Closeable stream;

  private LogLineCounter(DockerClient streams, String containerId, Pattern pattern) {
    this.pattern = pattern;
    this.stream = streams.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            accept(frame.getStreamType(), new String(frame.getPayload(), StandardCharsets.UTF_8));
          }

          @Override
          public void onError(Throwable error) {
            // Closing the stream ends it with an error; the Adapter would log it as one.
            super.onComplete();
          }
        });
  }

  static LogLineCounter follow(DockerClient streams, String containerId, Pattern pattern) {
    return new LogLineCounter(streams, containerId, pattern);
  }

  /** Lines matched so far, a last line without its line break included. */
  int count() {
    synchronized (partial) {
      int pending = (int) partial.values().stream().filter(p -> p.length() > 0 && pattern.matcher(p).find()).count();
      return matches.get() + pending;
    }
  }

  private void accept(StreamType type, String text) {
    synchronized (partial) {
      StringBuilder line = partial.computeIfAbsent(type, t -> new StringBuilder());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n') {
          if (pattern.matcher(line).find()) {
            matches.incrementAndGet();
          }
          line.setLength(0);
        } else if (c != '\r') {
          line.append(c);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
