package dev.sentinel.compose.bench;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.compose.ComposeExporter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full cycle on an N-service stack: define (which validates the base and every environment),
 * resolve production (validated again), and export it as Compose YAML. Run with
 * {@code scripts/bench-dsl.sh}; results in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class StackCycleBenchmark {
  @Param({"100", "1000"})
  public int services;

  private final ComposeExporter exporter = ComposeExporter.create();

  @Benchmark
  public String defineResolveValidateExport() {
    Stack stack = define(services);
    StackSpec production = stack.resolve("production");
    return exporter.compose(production);
  }

  /** A stack shaped like a real one, scaled: every service has an image, env, port, network, check and limits. */
  public static Stack define(int count) {
    return Stack.define("bench", s -> {
      s.network("frontend").network("backend", n -> n.internal()).volume("data").secret("pw", x -> x.generated(32));
      for (int i = 0; i < count; i++) {
        int n = i;
        s.service("svc-" + n, svc -> {
          svc.image("bench/app:1." + n).user(10001, 10001).hardened()
              .env("SERVICE_INDEX", Integer.toString(n)).env("LOG_LEVEL", "info")
              .envSecretFile("PW_FILE", "pw")
              .network("backend").network(n % 10 == 0 ? "frontend" : "backend")
              .port((20000 + n) + ":8080")
              .mountVolumeReadOnly("data", "/data")
              .healthCheck(h -> h.httpGet(8080, "/health").every("10s").timeout("2s").retries(3))
              .restart("unless-stopped").memoryLimit("256m").cpuLimit("0.5");
          if (n > 0) {
            svc.dependsOn("svc-" + (n - 1), Dependency.Condition.HEALTHY);
          }
        });
      }
      s.environment("production", e -> {
        for (int i = 0; i < count; i += 10) {
          e.service("svc-" + i, svc -> svc.memoryLimit("512m").env("LOG_LEVEL", "warn"));
        }
      });
    });
  }
}
