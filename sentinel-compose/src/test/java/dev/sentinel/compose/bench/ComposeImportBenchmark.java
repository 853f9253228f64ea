package dev.sentinel.compose.bench;

import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.compose.ComposeImport;
import dev.sentinel.compose.ComposeImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Importing an N-service Compose file (the export of {@link StackCycleBenchmark}'s stack): read,
 * interpolate, map, build and validate; and the same plus Java generation. Run with {@code
 * scripts/bench-dsl.sh ComposeImportBenchmark}; results in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ComposeImportBenchmark {
  @Param({"100", "1000"})
  public int services;

  private Path dir;
  private Path file;
  private final ComposeImporter importer = ComposeImporter.create().withVariables(Map.of()).withCredentialsAsSecrets();

  @Setup(Level.Trial)
  public void writeFile() throws IOException {
    dir = Files.createTempDirectory("sentinel-import-bench");
    file = dir.resolve("docker-compose.yml");
    Files.writeString(file, ComposeExporter.create().compose(StackCycleBenchmark.define(services).resolve("production")));
  }

  @TearDown(Level.Trial)
  public void removeFile() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public ComposeImport importFile() {
    return importer.importFiles(file);
  }

  @Benchmark
  public String importAndGenerateJava() {
    return importer.importFiles(file).toJava("bench.GeneratedStack");
  }
}
