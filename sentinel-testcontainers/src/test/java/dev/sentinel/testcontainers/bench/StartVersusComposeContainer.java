package dev.sentinel.testcontainers.bench;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testing.TestImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * In process, one JVM, side by side: Testcontainers' {@code ComposeContainer} (the local {@code
 * docker compose}, waiting for every service's health check) against {@code SentinelStackContainer}
 * on the same 5-service stack (three health tiers, 1 s health interval). Rounds alternate which goes
 * first after one warm-up round of each. Both run {@code init: true}, so httpd stops on SIGTERM
 * instead of both tools waiting out the grace period. Also: a reused start (the stack left by an earlier
 * instance, attached to) and the start a second test class sees with a shared stack.
 * Run with {@code scripts/bench-testcontainers.sh [rounds]}.
 */
public final class StartVersusComposeContainer {
  private static final List<String> SERVICES = List.of("db", "cache", "api", "worker", "web");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String image = TestImages.busybox();
    Path compose = Files.createTempFile("bench-compose-", ".yaml");
    Files.writeString(compose, composeFile(image));
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      boolean composeFirst = round % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean composeNow = (side == 0) == composeFirst;
        double[] startStop = composeNow ? composeContainer(compose.toFile()) : sentinel(image);
        if (round > 0) {
          times.computeIfAbsent(composeNow ? "ComposeContainer start" : "SentinelStackContainer start", k -> new ArrayList<>()).add(startStop[0]);
          times.computeIfAbsent(composeNow ? "ComposeContainer stop" : "SentinelStackContainer stop", k -> new ArrayList<>()).add(startStop[1]);
        }
      }
    }
    SentinelStackContainer reusable = SentinelStackContainer.of(stack(image)).withLabel("dev.sentinel.test", "bench").withReuse();
    reusable.start();
    String reused = reusable.getStackName();
    reusable.stop();
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      SentinelStackContainer again = SentinelStackContainer.of(stack(image)).withLabel("dev.sentinel.test", "bench").withReuse();
      again.start();
      times.computeIfAbsent("SentinelStackContainer reused start (same definition checked, nothing touched)", k -> new ArrayList<>())
          .add(seconds(t0));
      if (!again.getStackName().equals(reused)) {
        throw new IllegalStateException("reuse attached to " + again.getStackName() + ", not " + reused);
      }
      again.stop();
    }
    SentinelStackContainer.removeReusedStacks();
    SentinelStackContainer first = SentinelStackContainer.of(stack(image)).withLabel("dev.sentinel.test", "bench-shared").shared();
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      SentinelStackContainer second = SentinelStackContainer.of(stack(image)).withLabel("dev.sentinel.test", "bench-shared").shared();
      times.computeIfAbsent("SentinelStackContainer shared, as a second test class gets it", k -> new ArrayList<>()).add(seconds(t0));
      if (second != first) {
        throw new IllegalStateException("shared() started a second stack");
      }
    }
    times.forEach((what, values) -> System.out.printf("| %s | %d | %s |%n", what, values.size(), stats(values)));
    Files.delete(compose);
  }

  private static double[] composeContainer(File file) {
    ComposeContainer compose = new ComposeContainer(file).withStartupTimeout(Duration.ofMinutes(2));
    for (String s : SERVICES) {
      compose = compose.waitingFor(s, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2)));
    }
    long t0 = System.nanoTime();
    compose.start();
    double start = seconds(t0);
    t0 = System.nanoTime();
    compose.stop();
    return new double[] {start, seconds(t0)};
  }

  private static double[] sentinel(String image) {
    SentinelStackContainer stack = SentinelStackContainer.of(stack(image)).withLabel("dev.sentinel.test", "bench");
    long t0 = System.nanoTime();
    stack.start();
    double start = seconds(t0);
    t0 = System.nanoTime();
    stack.stop();
    return new double[] {start, seconds(t0)};
  }

  private static final String SERVE = "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";

  /** The stack on both sides: db and cache first, api once both are healthy, worker and web once api is. */
  static Stack stack(String image) {
    return Stack.define("bench5", s -> {
      for (String name : SERVICES) {
        s.service(name, svc -> {
          svc.image(image).command("sh", "-c", SERVE).port("8080").init()
              .healthCheck(h -> h.command("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/").every("1s").timeout("2s").retries(30));
          if (name.equals("api")) {
            svc.dependsOn("db", Dependency.Condition.HEALTHY).dependsOn("cache", Dependency.Condition.HEALTHY);
          } else if (name.equals("worker") || name.equals("web")) {
            svc.dependsOn("api", Dependency.Condition.HEALTHY);
          }
        });
      }
    });
  }

  static String composeFile(String image) {
    StringBuilder yaml = new StringBuilder("services:\n");
    for (String name : SERVICES) {
      yaml.append("  ").append(name).append(":\n")
          .append("    image: ").append(image).append('\n')
          .append("    command: [\"sh\", \"-c\", \"").append(SERVE).append("\"]\n")
          .append("    init: true\n")
          .append("    ports: [\"127.0.0.1::8080\"]\n")
          .append("    healthcheck:\n")
          .append("      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/\"]\n")
          .append("      interval: 1s\n      timeout: 2s\n      retries: 30\n");
      if (name.equals("api")) {
        yaml.append("    depends_on:\n      db: {condition: service_healthy}\n      cache: {condition: service_healthy}\n");
      } else if (name.equals("worker") || name.equals("web")) {
        yaml.append("    depends_on:\n      api: {condition: service_healthy}\n");
      }
    }
    return yaml.toString();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String stats(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return String.format("%.2f s (%.2f–%.2f)", sorted.get((sorted.size() - 1) / 2), sorted.get(0), sorted.get(sorted.size() - 1));
  }
}
