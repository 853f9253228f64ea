package dev.sentinel.backup.bench;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.backup.BackupOptions;
import dev.sentinel.backup.BackupResult;
import dev.sentinel.backup.RestoreOptions;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.runtime.Engine;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Backup and restore of one mixed volume (half incompressible, half text) by Sentinel and by the
 * usual {@code docker run --rm -v vol:/v busybox tar czf - -C /v .} (and {@code tar xzf -}), in one
 * run, alternating order. Prints throughput, ratios, Sentinel's peak heap and peak RSS. Run with
 * {@code scripts/bench-backup.sh [MiB] [rounds]}; give the JVM {@code -Xmx128m} to show the heap bound.
 */
public final class BackupVersusTar {
  private BackupVersusTar() {}

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    DockerClient docker = TestEngine.client();
    String image = TestImages.busybox();
    String source = "sentinel-bench-source";
    Path dir = Files.createTempDirectory("sentinel-bench-backup");
    Map<String, String> labels = Map.of("dev.sentinel.test", "BackupVersusTar");
    docker.createVolumeCmd().withName(source).withLabels(labels).exec();
    try (Engine engine = Engine.fromEnvironment()) {
      int half = mib / 2;
      sh(image, "-v " + source + ":/v", "dd if=/dev/urandom of=/v/random.bin bs=1M count=" + half + " 2>/dev/null;"
          + " i=0; while [ $i -lt " + half + " ]; do mkdir -p /v/logs/$((i/64)); yes \"$i INFO request served in 12ms path=/api/v1/items user=alice\""
          + " | head -c 1048576 > /v/logs/$((i/64))/part$i.log; i=$((i+1)); done");
      long bytes = (long) mib << 20;
      VolumeBackup backups = VolumeBackup.on(engine);
      double[] sentinelBackup = new double[rounds];
      double[] sentinelRestore = new double[rounds];
      double[] tarBackup = new double[rounds];
      double[] tarRestore = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        for (int turn = 0; turn < 2; turn++) {
          boolean sentinel = (r + turn) % 2 == 0;
          String target = "sentinel-bench-target";
          if (sentinel) {
            long t0 = System.nanoTime();
            BackupResult result = backups.backupVolumes("bench", List.of(source), dir, BackupOptions.defaults().withExtraLabels(labels));
            sentinelBackup[r] = mbps(bytes, System.nanoTime() - t0);
            long t1 = System.nanoTime();
            backups.restore(result.archive(), RestoreOptions.defaults().rename(source, target).withExtraLabels(labels));
            sentinelRestore[r] = mbps(bytes, System.nanoTime() - t1);
            Files.delete(result.archive());
            Files.delete(result.archive().resolveSibling(result.archive().getFileName() + ".sha256"));
          } else {
            Path file = dir.resolve("baseline.tar.gz");
            long t0 = System.nanoTime();
            run("sh", "-c", "docker run --rm --network none -v " + source + ":/v:ro " + image + " tar czf - -C /v . > " + file);
            tarBackup[r] = mbps(bytes, System.nanoTime() - t0);
            run("docker", "volume", "create", "--label", "dev.sentinel.test=BackupVersusTar", target);
            long t1 = System.nanoTime();
            run("sh", "-c", "docker run --rm -i --network none -v " + target + ":/v " + image + " tar xzf - -C /v < " + file);
            tarRestore[r] = mbps(bytes, System.nanoTime() - t1);
            Files.delete(file);
          }
          docker.removeVolumeCmd(target).exec();
        }
      }
      System.out.printf("| backup | %d MiB | %.0f MB/s | %.0f MB/s | %.1f× |%n", mib, median(sentinelBackup), median(tarBackup),
          median(sentinelBackup) / median(tarBackup));
      System.out.printf("| restore | %d MiB | %.0f MB/s | %.0f MB/s | %.1f× |%n", mib, median(sentinelRestore), median(tarRestore),
          median(sentinelRestore) / median(tarRestore));
      long heap = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heap += pool.getPeakUsage().getUsed();
        }
      }
      String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?");
      System.out.printf("peak heap %d MiB (max %d MiB), peak RSS %s%n", heap >> 20, Runtime.getRuntime().maxMemory() >> 20,
          hwm.replaceAll("\\s+", " "));
    } finally {
      docker.removeVolumeCmd(source).exec();
    }
  }

  private static double mbps(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void sh(String image, String mounts, String script) throws Exception {
    run("sh", "-c", "docker run --rm --network none " + mounts + " " + image + " sh -c '" + script.replace("'", "'\\''") + "'");
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
