package dev.sentinel.runtime.bench;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The same 10-service stack brought up by Sentinel (in-process) and by {@code docker compose up -d
 * --wait} (v2), alternating within one run: cold up (from nothing) and no-op up (already up).
 * Prints medians and ratios as a Markdown table. Run with {@code scripts/bench-runtime.sh [rounds]}.
 *
 * <p>Also the stack's critical-path floor, measured in each round without any orchestrator: one
 * container of a service, configured as the stack's are, created and started through the engine's
 * API, its health test run by exec at once and again every 50 ms until it passes. The stack's three
 * tiers each wait for such a pass, so no tool can bring it up faster than three of those in a row
 * (the engine's own first probe, one interval after start, comes later still).
 */
public final class UpVersusCompose {
  private static final String HTTPD = "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";

  private UpVersusCompose() {}

  /** Three tiers: 4 services, 3 that wait for them to be healthy, 3 that wait for those. */
  static StackSpec stack(String name) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> {
      s.network("backend");
      for (int i = 0; i < 10; i++) {
        int n = i;
        s.service("svc" + n, svc -> {
          svc.image(image).command("sh", "-c", HTTPD).user(10001, 10001).hardened().network("backend")
              .healthCheck(h -> h.httpGet(8080, "/").every("1s").timeout("2s").retries(3))
              .memoryLimit("32m").restart("unless-stopped").stopGracePeriod("1s");
          if (n >= 4) {
            int dependency = n < 7 ? n - 4 : n - 3;
            svc.dependsOn("svc" + dependency, Dependency.Condition.HEALTHY);
          }
        });
      }
    }).base();
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work = Files.createTempDirectory("sentinel-bench");
    StackSpec sentinelStack = stack("bench-sentinel");
    Path composeDir = Files.createDirectories(work.resolve("compose"));
    Files.writeString(composeDir.resolve("docker-compose.yml"), ComposeExporter.create().compose(stack("bench-compose")));
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(work.resolve("state")).withServiceTimeout(Duration.ofMinutes(2));
    List<Long> sentinelCold = new ArrayList<>();
    List<Long> sentinelNoop = new ArrayList<>();
    List<Long> composeCold = new ArrayList<>();
    List<Long> composeNoop = new ArrayList<>();
    List<Long> tierFloor = new ArrayList<>();
    try (Engine engine = Engine.fromEnvironment()) {
      EngineTarget target = EngineTarget.on(engine);
      try {
        for (int round = 0; round <= rounds; round++) {
          boolean warmup = round == 0;
          long floor = tierFloor();
          if (!warmup) {
            tierFloor.add(floor);
          }
          for (int turn = 0; turn < 2; turn++) {
            boolean sentinelFirst = (round + turn) % 2 == 0;
            if (sentinelFirst) {
              target.down(sentinelStack, DownOptions.removeVolumesToo(), options);
              long cold = time(() -> target.apply(sentinelStack, options));
              long noop = time(() -> target.apply(sentinelStack, options));
              if (!warmup) {
                sentinelCold.add(cold);
                sentinelNoop.add(noop);
              }
            } else {
              compose(composeDir, "down", "-v", "--timeout", "1");
              long cold = time(() -> compose(composeDir, "up", "-d", "--wait"));
              long noop = time(() -> compose(composeDir, "up", "-d", "--wait"));
              if (!warmup) {
                composeCold.add(cold);
                composeNoop.add(noop);
              }
            }
          }
        }
      } finally {
        target.down(sentinelStack, DownOptions.removeVolumesToo(), options);
        compose(composeDir, "down", "-v", "--timeout", "1");
        StackCleanup.removeEverything("bench-sentinel");
      }
    }
    report(sentinelCold, composeCold, "cold up (nothing running → all healthy)");
    report(sentinelNoop, composeNoop, "no-op up (already up)");
    long bound = TIERS * median(tierFloor);
    System.out.printf("%nCritical-path floor: one tier (create, start, first passing health test by exec) median %d ms "
        + "(%d–%d), %d tiers: %d ms. Sentinel's cold up (in process) / floor: %.2f×; Compose's: %.2f×.%n",
        median(tierFloor), Collections.min(tierFloor), Collections.max(tierFloor), TIERS, bound,
        (double) median(sentinelCold) / bound, (double) median(composeCold) / bound);
  }

  private static final int TIERS = 3;

  /**
   * Milliseconds from creating one of the stack's containers to its health test's first pass, run
   * by exec at once and every 50 ms after: what one tier of the dependency chain costs at best.
   */
  private static long tierFloor() throws InterruptedException {
    DockerClient docker = TestEngine.client();
    String name = "bench-floor-" + Long.toHexString(System.nanoTime());
    long start = System.nanoTime();
    String id = docker.createContainerCmd(TestImages.busybox()).withName(name).withCmd("sh", "-c", HTTPD)
        .withUser("10001:10001").withLabels(TestObjects.labels(UpVersusCompose.class))
        .withHostConfig(HostConfig.newHostConfig().withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", ""))
            .withCapDrop(Capability.ALL).withSecurityOpts(List.of("no-new-privileges")).withMemory(32L << 20))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      while (true) {
        String exec = docker.execCreateCmd(id).withCmd("wget", "-q", "--spider", "http://127.0.0.1:8080/").exec().getId();
        docker.execStartCmd(exec).start().awaitCompletion();
        Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
        if (code != null && code == 0) {
          return (System.nanoTime() - start) / 1_000_000;
        }
        if (System.nanoTime() - start > Duration.ofMinutes(1).toNanos()) {
          throw new IllegalStateException("the floor container's health test did not pass within a minute");
        }
        Thread.sleep(50);
      }
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private static void report(List<Long> sentinel, List<Long> compose, String what) {
    long s = median(sentinel);
    long c = median(compose);
    System.out.printf("| %s | %d | %d ms | %d ms | %.2f× |%n", what, sentinel.size(), s, c, (double) s / c);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private interface Action {
    void run() throws Exception;
  }

  private static long time(Action action) {
    long start = System.nanoTime();
    try {
      action.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void compose(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker", "compose"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(Map.of("COMPOSE_PROGRESS", "quiet"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("docker compose " + String.join(" ", args) + " failed:\n" + output);
    }
  }
}
