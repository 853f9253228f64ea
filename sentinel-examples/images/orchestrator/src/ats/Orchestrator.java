package ats;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ATS Sentinel Swarm's orchestrator and agents, in one small program (JDK only).
 *
 * <p>{@code orchestrator}: serves /health and Prometheus /metrics (requests, queue depth, agent
 * heartbeats and the last backup's time, read from Redis). {@code agent}: heartbeats into Redis and
 * serves its own metrics. Both export the process metrics the alert rules use (resident memory,
 * start time, the container's memory limit). The Redis password is read from the file named by
 * REDIS_PASSWORD_FILE (a Sentinel secret).
 */
public final class Orchestrator {
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final AtomicLong HEARTBEATS = new AtomicLong();
  private static volatile boolean redisUp;

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "orchestrator";
    int port = Integer.parseInt(env("PORT", mode.equals("agent") ? "9100" : "8080"));
    String id = env("HOSTNAME", "local");
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> respond(exchange, redisUp ? 200 : 503, redisUp ? "ok\n" : "redis unreachable\n"));
    server.createContext("/metrics", exchange -> respond(exchange, 200, mode.equals("agent") ? agentMetrics(id) : orchestratorMetrics()));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    log(mode + " " + id + " listening on " + port);
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.scheduleWithFixedDelay(() -> tick(mode, id), 0, 2, TimeUnit.SECONDS);
  }

  private static void tick(String mode, String id) {
    try (Redis redis = Redis.connect()) {
      if (mode.equals("agent")) {
        redis.call("HSET", "ats:agents", id, Long.toString(System.currentTimeMillis()));
        HEARTBEATS.incrementAndGet();
      } else {
        redis.call("PING");
      }
      redisUp = true;
    } catch (IOException | RuntimeException e) {
      redisUp = false;
      log("redis: " + e.getMessage());
    }
  }

  private static String orchestratorMetrics() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ats_requests_total HTTP requests served.\n# TYPE ats_requests_total counter\n");
    out.append("ats_requests_total ").append(REQUESTS.get()).append('\n');
    out.append("# HELP ats_redis_up Whether Redis answered the last ping.\n# TYPE ats_redis_up gauge\n");
    out.append("ats_redis_up ").append(redisUp ? 1 : 0).append('\n');
    out.append(processMetrics());
    try (Redis redis = Redis.connect()) {
      // Set by the redis-data volume's backup hook (see AtsStack) after its data was copied.
      Object lastBackup = redis.call("GET", "ats:last-backup");
      if (lastBackup != null) {
        out.append("# HELP ats_last_backup_timestamp_seconds When the Redis data was last backed up.\n");
        out.append("# TYPE ats_last_backup_timestamp_seconds gauge\n");
        out.append("ats_last_backup_timestamp_seconds ").append(lastBackup.toString().strip()).append('\n');
      }
      long depth = Long.parseLong(redis.call("LLEN", "ats:tasks").toString());
      out.append("# HELP ats_queue_depth Tasks waiting in the queue.\n# TYPE ats_queue_depth gauge\n");
      out.append("ats_queue_depth ").append(depth).append('\n');
      @SuppressWarnings("unchecked")
      List<Object> agents = (List<Object>) redis.call("HGETALL", "ats:agents");
      Map<String, Long> beats = new TreeMap<>();
      for (int i = 0; i + 1 < agents.size(); i += 2) {
        beats.put(agents.get(i).toString(), Long.parseLong(agents.get(i + 1).toString()));
      }
      long now = System.currentTimeMillis();
      out.append("# HELP ats_agent_heartbeat_age_seconds Seconds since each agent's last heartbeat.\n");
      out.append("# TYPE ats_agent_heartbeat_age_seconds gauge\n");
      beats.forEach((agent, at) -> out.append("ats_agent_heartbeat_age_seconds{agent=\"").append(agent).append("\"} ")
          .append((now - at) / 1000.0).append('\n'));
      out.append("# HELP ats_agents_alive Agents that heartbeated in the last 10 seconds.\n# TYPE ats_agents_alive gauge\n");
      out.append("ats_agents_alive ").append(beats.values().stream().filter(at -> now - at < 10_000).count()).append('\n');
    } catch (IOException | RuntimeException e) {
      log("metrics: " + e.getMessage());
    }
    return out.toString();
  }

  private static String agentMetrics(String id) {
    return "# HELP ats_agent_heartbeats_total Heartbeats sent.\n# TYPE ats_agent_heartbeats_total counter\n"
        + "ats_agent_heartbeats_total{agent=\"" + id + "\"} " + HEARTBEATS.get() + "\n" + processMetrics();
  }

  /** The process metrics the alert rules divide and count: resident memory, start time, memory limit. */
  private static String processMetrics() {
    StringBuilder out = new StringBuilder();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          out.append("# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\n");
          out.append("process_resident_memory_bytes ").append(kib * 1024).append('\n');
        }
      }
    } catch (IOException | NumberFormatException e) {
      log("metrics: " + e.getMessage());
    }
    ProcessHandle.current().info().startInstant().ifPresent(start -> out
        .append("# HELP process_start_time_seconds Start time of the process since the epoch in seconds.\n")
        .append("# TYPE process_start_time_seconds gauge\n")
        .append("process_start_time_seconds ").append(start.toEpochMilli() / 1000.0).append('\n'));
    memoryLimit().ifPresent(limit -> out
        .append("# HELP ats_memory_limit_bytes The container's memory limit.\n# TYPE ats_memory_limit_bytes gauge\n")
        .append("ats_memory_limit_bytes ").append(limit).append('\n'));
    return out.toString();
  }

  /** The cgroup's memory limit (v2 memory.max, else v1), when there is one. */
  private static java.util.Optional<Long> memoryLimit() {
    for (String file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      try {
        String value = Files.readString(Path.of(file)).strip();
        // "max" (v2) or a page-rounded huge number (v1) mean no limit.
        if (!value.equals("max") && Long.parseLong(value) < (1L << 60)) {
          return java.util.Optional.of(Long.parseLong(value));
        }
        return java.util.Optional.empty();
      } catch (IOException | NumberFormatException e) {
        // not this cgroup version
      }
    }
    return java.util.Optional.empty();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    REQUESTS.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static void log(String message) {
    System.out.println(java.time.Instant.now() + " " + message);
  }

  /** Just enough of the Redis protocol (RESP2) for AUTH, PING, GET, HSET, HGETALL and LLEN. */
  static final class Redis implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Redis(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static Redis connect() throws IOException {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(env("REDIS_HOST", "redis"), 6379), 2000);
      socket.setSoTimeout(2000);
      Redis redis = new Redis(socket);
      String passwordFile = System.getenv("REDIS_PASSWORD_FILE");
      if (passwordFile != null) {
        redis.call("AUTH", Files.readString(Path.of(passwordFile)).strip());
      }
      return redis;
    }

    Object call(String... args) throws IOException {
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        request.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return read();
    }

    private Object read() throws IOException {
      int type = in.read();
      String line = line();
      switch (type) {
        case '+':
          return line;
        case '-':
          throw new IOException("redis error: " + line);
        case ':':
          return Long.parseLong(line);
        case '$': {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length + 2);
          return new String(data, 0, length, StandardCharsets.UTF_8);
        }
        case '*': {
          int count = Integer.parseInt(line);
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            items.add(read());
          }
          return items;
        }
        default:
          throw new IOException("unexpected redis reply type " + type);
      }
    }

    private String line() throws IOException {
      StringBuilder s = new StringBuilder();
      int c;
      while ((c = in.read()) != '\r') {
        if (c < 0) {
          throw new IOException("redis closed the connection");
        }
        s.append((char) c);
      }
      in.read();
      return s.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
