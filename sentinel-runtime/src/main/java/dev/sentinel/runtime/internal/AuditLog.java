package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends one JSON line per apply or down: who, where, what, and how it ended. */
public final class AuditLog {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLog() {}

  @SuppressWarnings("try") // held for the try block
  public static void append(Path file, String operation, String stack, Optional<String> environment, String target,
      List<String> actions, String result) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("time", Instant.now().toString());
    record.put("user", System.getProperty("user.name"));
    record.put("host", hostName());
    record.put("operation", operation);
    record.put("stack", stack);
    record.put("environment", environment.orElse(null));
    record.put("target", target);
    record.put("actions", actions);
    record.put("result", result);
    try {
      byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          FileLock lock = channel.lock()) {
        channel.write(ByteBuffer.wrap(line));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      // The operation happened; failing it now would misreport it. Say so loudly instead.
      log.error("cannot append to the audit log {}", file, e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
