package dev.sentinel.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.sentinel.dsl.BackupPolicy;
import dev.sentinel.runtime.Engine;
import dev.sentinel.testing.Cleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final VolumeBackup backups = VolumeBackup.on(engine);
  private final Map<String, String> labels = TestObjects.labels(BackupIT.class);
  private final List<String> volumes = new ArrayList<>();
  private final List<String> containers = new ArrayList<>();

  @TempDir Path dir;

  private String volume() {
    String name = TestObjects.uniqueName("vol");
    docker.createVolumeCmd().withName(name).withLabels(labels).exec();
    volumes.add(name);
    return name;
  }

  private BackupOptions options() {
    return BackupOptions.defaults().withExtraLabels(labels);
  }

  private RestoreOptions restoreOptions() {
    return RestoreOptions.defaults().withExtraLabels(labels);
  }

  /** A started busybox that sleeps with {@code volume} at /data; removed after the test. */
  private String runningContainerMounting(String volume, String role, Map<String, String> containerLabels) {
    String id = docker.createContainerCmd(TestImages.busybox()).withName(TestObjects.uniqueName(role)).withLabels(containerLabels)
        .withCmd("sleep", "3600").withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(volume + ":/data")).withNetworkMode("none"))
        .exec().getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    return id;
  }

  @AfterEach
  void cleanUp() {
    List<Runnable> steps = new ArrayList<>();
    containers.forEach(c -> steps.add(() -> docker.removeContainerCmd(c).withForce(true).exec()));
    docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.backup-helper", "")).exec().stream()
        .filter(c -> volumes.contains(c.getLabels().get("dev.sentinel.backup-helper")))
        .forEach(c -> steps.add(() -> docker.removeContainerCmd(c.getId()).withForce(true).exec()));
    volumes.forEach(v -> steps.add(() -> docker.removeVolumeCmd(v).exec()));
    try {
      Cleanup.run(steps.toArray(Runnable[]::new));
    } finally {
      engine.close();
    }
  }

  @Test
  void everyKindOfEntryRoundTripsBitForBitIntoANewVolume() throws Exception {
    String source = volume();
    VolumeFixtures.run(source, VolumeFixtures.EVERY_KIND);
    String before = VolumeFixtures.run(source, VolumeFixtures.DESCRIBE);

    BackupResult result = backups.backupVolumes("roundtrip", List.of(source), dir, options());
    // This engine runs on this host, the tests run as root and nothing runs with the volume mounted.
    assertThat(result.readOnHost()).containsExactly(source);
    assertThat(result.archive().getFileName().toString()).matches("roundtrip-\\d{8}T\\d{6}Z\\.tar\\.zst");
    assertThat(Files.readString(dir.resolve(result.archive().getFileName() + ".sha256"))).endsWith("  " + result.archive().getFileName() + "\n");
    VolumeManifest manifest = result.manifest().volumes().get(0);
    assertThat(manifest.entries()).isGreaterThan(3000);
    assertThat(manifest.bytes()).isGreaterThan(110L << 20);
    assertThat(VolumeBackup.verify(result.archive()).volumes()).containsExactly(manifest);

    String copy = TestObjects.uniqueName("vol");
    volumes.add(copy);
    RestoreResult restored = backups.restore(result.archive(), restoreOptions().rename(source, copy));
    assertThat(restored.created()).containsExactly(copy);
    // This engine runs on this host and the tests run as root: the new volume was written on the host.
    assertThat(restored.writtenOnHost()).containsExactly(copy);
    assertThat(docker.inspectVolumeCmd(copy).exec().getLabels()).containsEntry("dev.sentinel.restored-from", source)
        .doesNotContainKey("dev.sentinel.stack");
    assertThat(VolumeFixtures.run(copy, VolumeFixtures.DESCRIBE)).isEqualTo(before);
    assertThat(before).contains("./dir/link|symbolic link|777").contains("sub/file.txt")
        .contains("./dir/sub/file.txt|regular file|640|1234|5678|1577934245|6|2")
        .contains("héllo wörld 日本.txt").contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");

    // The engine's path, asked for, writes the same tree.
    String throughEngine = TestObjects.uniqueName("vol");
    volumes.add(throughEngine);
    RestoreResult viaEngine = backups.restore(result.archive(), restoreOptions().rename(source, throughEngine).withoutHostWrites());
    assertThat(viaEngine.created()).containsExactly(throughEngine);
    assertThat(viaEngine.writtenOnHost()).isEmpty();
    assertThat(VolumeFixtures.run(throughEngine, VolumeFixtures.DESCRIBE)).isEqualTo(before);
  }

  @Test
  void aVolumeReadFromItsDirectoryOnThisHostHasTheContentDigestOfTheEnginesOwnArchive() throws Exception {
    String source = volume();
    VolumeFixtures.run(source, VolumeFixtures.EVERY_KIND + "\n" + String.join("\n", "cd /data",
        "mkfifo dir/fifo", "ln -s nowhere dangling", "ln big.bin dir/sub/second-link", "echo s > setgid && chmod 2750 setgid",
        "chown 0:4321 setgid", "chmod 3770 empty", "touch -d '2019-05-06 07:08:09' many"));

    BackupResult onHost = backups.backupVolumes("host-read", List.of(source), dir.resolve("host"), options());
    BackupResult viaEngine = backups.backupVolumes("engine-read", List.of(source), dir.resolve("engine"), options().withoutHostReads());

    assertThat(onHost.readOnHost()).containsExactly(source);
    assertThat(viaEngine.readOnHost()).isEmpty();
    VolumeManifest fromHost = onHost.manifest().volumes().get(0);
    VolumeManifest fromEngine = viaEngine.manifest().volumes().get(0);
    // The digest covers each entry's path, type, mode, owner, mtime, link target and size, in order, and the data.
    assertThat(fromHost.entries()).isEqualTo(fromEngine.entries()).isGreaterThan(3000);
    assertThat(fromHost.bytes()).isEqualTo(fromEngine.bytes()).isGreaterThan(110L << 20);
    assertThat(fromHost.sha256()).isEqualTo(fromEngine.sha256());
    assertThat(onHost.skippedEntries()).as("the FIFO").isEqualTo(viaEngine.skippedEntries()).isEqualTo(1);
  }

  @Test
  void aVolumeThatARunningContainerMountsIsReadThroughTheEngine() throws Exception {
    String data = volume();
    VolumeFixtures.run(data, "echo x > /data/f");
    runningContainerMounting(data, "writer", labels);

    BackupResult live = backups.backupVolumes("live", List.of(data), dir, options().withDefaultConsistency(BackupPolicy.Consistency.NONE));

    assertThat(live.held()).isEmpty();
    assertThat(live.readOnHost()).isEmpty();
    assertThat(live.manifest().volumes().get(0).entries()).isEqualTo(2);
  }

  @Test
  void aRunningContainerLabelledAsABackupHelperStillKeepsTheReadOnTheEngine() throws Exception {
    String data = volume();
    VolumeFixtures.run(data, "echo x > /data/f");
    Map<String, String> disguised = new java.util.HashMap<>(labels);
    disguised.put("dev.sentinel.backup-helper", data);
    runningContainerMounting(data, "disguised", disguised);

    BackupResult live = backups.backupVolumes("disguised", List.of(data), dir, options().withDefaultConsistency(BackupPolicy.Consistency.NONE));

    assertThat(live.readOnHost()).isEmpty();
  }

  @Test
  void aNewVolumeWhoseArchiveCarriesExtendedAttributesIsWrittenThroughTheEngineInstead() throws Exception {
    String fresh = TestObjects.uniqueName("xattr");
    volumes.add(fresh);
    byte[] data = "bin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.apache.commons.compress.archivers.tar.TarArchiveEntry root = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
        "volumes/" + fresh + "/", org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_DIR, true);
    root.setMode(0755);
    org.apache.commons.compress.archivers.tar.TarArchiveEntry file = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
        "volumes/" + fresh + "/tool", org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_NORMAL, true);
    file.setMode(0755);
    file.setSize(data.length);
    file.addPaxHeader("SCHILY.xattr.user.sentinel", "kept");
    dev.sentinel.backup.internal.ContentDigest digest = new dev.sentinel.backup.internal.ContentDigest();
    digest.header("", root);
    digest.header("tool", file);
    digest.data(data, 0, data.length);
    Path archive = dir.resolve("xattr-20260101T000000Z.tar.zst");
    try (var out = Files.newOutputStream(archive);
        var tar = dev.sentinel.backup.internal.ArchiveStreams.writer(out, Compression.ZSTD, 3)) {
      tar.putArchiveEntry(root);
      tar.closeArchiveEntry();
      tar.putArchiveEntry(file);
      tar.write(data);
      tar.closeArchiveEntry();
      HostileArchives.appendManifest(tar, new Manifest(Manifest.FORMAT, "test", "xattr", java.util.Optional.empty(),
          java.time.Instant.parse("2026-01-01T00:00:00Z"),
          List.of(new VolumeManifest(fresh, "local", Map.of(), Map.of(), digest.entries(), digest.bytes(), digest.hex()))));
    }
    HostileArchives.writeSha256(archive, dev.sentinel.backup.internal.ArchiveVerifier.sha256(archive));

    RestoreResult restored = backups.restore(archive, restoreOptions());
    assertThat(restored.created()).containsExactly(fresh);
    assertThat(restored.writtenOnHost()).isEmpty();
    assertThat(VolumeFixtures.run(fresh, "ls -A /data; cat /data/tool; stat -c %a /data/tool")).isEqualTo("tool\nbin\n755\n");
  }

  @Test
  void aNonEmptyVolumeIsRefusedWithoutOverwriteAndReplacedWithIt() throws Exception {
    String source = volume();
    VolumeFixtures.run(source, "echo original > /data/a && mkdir /data/d && echo x > /data/d/b && chown 1234:5678 /data && chmod 1750 /data");
    BackupResult result = backups.backupVolumes("overwrite", List.of(source), dir, options().withCompression(Compression.GZIP, 6));
    assertThat(result.archive().toString()).endsWith(".tar.gz");
    VolumeFixtures.run(source, "echo changed > /data/a && echo extra > /data/c && touch /data/.hidden && chown 0:0 /data && chmod 755 /data");

    assertThatThrownBy(() -> backups.restore(result.archive(), restoreOptions()))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessage("volume " + source + " is not empty; restore with overwrite to replace its content");
    assertThat(VolumeFixtures.run(source, "cat /data/a")).isEqualTo("changed\n");

    backups.restore(result.archive(), restoreOptions().withOverwrite());
    // The whole old tree is gone (hidden files too), nothing of the staging is left, and the volume
    // root has its archived owner and mode again.
    assertThat(VolumeFixtures.run(source, "cat /data/a; ls -A /data; cat /data/d/b; stat -c %u:%g:%a /data"))
        .isEqualTo("original\na\nd\nx\n1234:5678:1750\n");
  }

  private static String withoutRootMtime(String description) {
    return description.replaceFirst("(?m)^(\\.\\|directory\\|\\d+\\|\\d+\\|\\d+\\|)\\d+", "$1");
  }

  @Test
  void stopConsistencyStopsTheWriterAndStartsItAgainEvenWhenTheBackupFails() throws Exception {
    String data = volume();
    VolumeFixtures.run(data, "dd if=/dev/urandom of=/data/big bs=1M count=120 2>/dev/null");
    String writer = runningContainerMounting(data, "writer", labels);

    BackupResult ok = backups.backupVolumes("consistent", List.of(data), dir, options());
    assertThat(ok.held()).singleElement().satisfies(h -> assertThat(h.how()).isEqualTo("stopped"));
    assertThat(docker.inspectContainerCmd(writer).exec().getState().getRunning()).isTrue();

    // Make the backup fail midway, while the writer is stopped: a child JVM whose file size limit
    // (ulimit -f, 20 MiB) the archive outgrows, so a write fails with "File too large".
    Process child = new ProcessBuilder("sh", "-c", "ulimit -f 20480; exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BackupMain.class.getName(), data, dir.toString(), "gzip")
        .redirectErrorStream(true).redirectOutput(dir.resolve("failing.log").toFile()).start();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(dir.resolve("failing.log"));
    assertThat(child.exitValue()).as(log).isNotZero();
    assertThat(log).contains("File too large");
    assertThat(docker.inspectContainerCmd(writer).exec().getState().getRunning()).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("killed-") && !n.endsWith(".partial"));
    }
  }

  @Test
  void aBackupKilledWithSigkillLeavesNoFinalNamedFile() throws Exception {
    String data = volume();
    VolumeFixtures.run(data, "dd if=/dev/urandom of=/data/big bs=1M count=300 2>/dev/null");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BackupMain.class.getName(), data, dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    boolean partial = false;
    while (!partial && System.nanoTime() < deadline && child.isAlive()) {
      try (var files = Files.list(dir)) {
        partial = files.anyMatch(p -> p.getFileName().toString().endsWith(".partial") && p.toFile().length() > 1 << 20);
      }
      Thread.sleep(50);
    }
    assertThat(partial).as("the child was writing when killed; its log: %s", Files.exists(dir.resolve("child.log"))
        ? Files.readString(dir.resolve("child.log")) : "").isTrue();
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tar.zst") || n.endsWith(".sha256"));
    }
    for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.backup-helper", data)).exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
  }

  @Test
  void aRestoreKilledWithSigkillLeavesItsStagingVolumeWhichTheNextRestoreRemovesButNotOnesStillInUse() throws Exception {
    String source = volume();
    VolumeFixtures.run(source, "dd if=/dev/urandom of=/data/big bs=1M count=400 2>/dev/null; echo small > /data/small");
    BackupResult result = backups.backupVolumes("killed-restore", List.of(source), dir, options());
    String target = TestObjects.uniqueName("vol");
    volumes.add(target);
    Set<String> before = stagingVolumes();

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), RestoreMain.class.getName(), result.archive().toString(), source, target)
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    // Killed once its staging volume is locked, i.e. while it writes the tree (400 MiB take it a second or more).
    String killed = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (killed == null && System.nanoTime() < deadline && child.isAlive()) {
      for (String v : stagingVolumes()) {
        if (!before.contains(v) && Files.exists(Path.of(docker.inspectVolumeCmd(v).exec().getMountpoint(), ".sentinel-restore.lock"))) {
          killed = v;
        }
      }
      Thread.sleep(10);
    }
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(killed).as("the child's staging volume, locked before it was killed; its log: %s",
        Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "").isNotNull();
    volumes.add(killed);
    assertThat(stagingVolumes()).as("what a killed restore leaves").contains(killed);

    // Two staging volumes still in use: one locked by another process (a restore running beside
    // this one), one so new that its restore has not locked it yet.
    String locked = stagingVolume();
    String justMade = stagingVolume();
    Path lockFile = Path.of(docker.inspectVolumeCmd(locked).exec().getMountpoint(), ".sentinel-restore.lock");
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), lockFile.toString()).redirectErrorStream(true).start();
    try {
      assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine()).isEqualTo("locked");

      String small = TestObjects.uniqueName("vol");
      volumes.add(small);
      RestoreResult next = backups.restore(result.archive(), restoreOptions().rename(source, small));
      assertThat(next.writtenOnHost()).as("the one-pass restore, which sweeps").containsExactly(small);

      assertThat(stagingVolumes()).doesNotContain(killed).contains(locked, justMade);
    } finally {
      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private String stagingVolume() {
    String name = TestObjects.uniqueName("staging");
    Map<String, String> staging = new java.util.HashMap<>(labels);
    staging.put("dev.sentinel.backup-helper", "restore-staging");
    docker.createVolumeCmd().withName(name).withLabels(staging).exec();
    volumes.add(name);
    return name;
  }

  private Set<String> stagingVolumes() {
    return java.util.Optional.ofNullable(docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.backup-helper=restore-staging"))
        .exec().getVolumes()).orElse(List.of()).stream().map(v -> v.getName()).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void hostileArchivesAreRefusedWithTheOverwrittenVolumeUntouched() throws Exception {
    String target = volume();
    VolumeFixtures.run(target, "echo kept > /data/keep");
    for (HostileArchives.Attack attack : HostileArchives.Attack.values()) {
      Path archive = HostileArchives.write(dir, attack, target);
      assertThatThrownBy(() -> backups.restore(archive, restoreOptions().withOverwrite()))
          .as(attack.name())
          .isInstanceOf(ArchiveRejectedException.class)
          .hasMessageContaining(attack.expectedMessage());
      // Content attacks are found while the staged copy is written: it is removed, the old content stays.
      assertThat(VolumeFixtures.run(target, "ls -A /data; cat /data/keep")).as(attack.name()).isEqualTo("keep\nkept\n");
    }
  }

  @Test
  void anOverwriteThatRunsOutOfSpaceMidwayLeavesTheOldContentAsItWas() throws Exception {
    String source = volume();
    VolumeFixtures.run(source, "dd if=/dev/urandom of=/data/big bs=1M count=12 2>/dev/null && echo new > /data/a");
    BackupResult result = backups.backupVolumes("nospace", List.of(source), dir, options());
    // A 10 MiB tmpfs volume holding 2 MiB: the 12 MiB archive does not fit beside (nor, after
    // emptying, into) it, so the engine fails in the middle of the write.
    String small = TestObjects.uniqueName("small");
    docker.createVolumeCmd().withName(small).withLabels(labels).withDriver("local")
        .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=10m")).exec();
    volumes.add(small);
    // The engine mounts a tmpfs volume afresh whenever no container uses it: a running holder keeps
    // one mount, and content, for the whole test. It carries the helper label, which the restore
    // never stops (a stopped holder would release the mount).
    Map<String, String> holderLabels = new java.util.HashMap<>(labels);
    holderLabels.put("dev.sentinel.backup-helper", small);
    String holder = runningContainerMounting(small, "holder", holderLabels);
    VolumeFixtures.run(small, "echo old > /data/a && mkdir /data/d && dd if=/dev/urandom of=/data/d/b bs=1M count=2 2>/dev/null"
        + " && chown 1234:5678 /data && chmod 750 /data");
    String before = VolumeFixtures.run(small, VolumeFixtures.DESCRIBE);
    assertThat(before).contains("./d/b|regular file|644|0|0|").contains(".|directory|750|1234|5678|");

    assertThatThrownBy(() -> backups.restore(result.archive(), restoreOptions().withOverwrite().rename(source, small)))
        .hasMessageContaining("no space left on device");

    // Everything as it was, except the root directory's modification time (the staging directory was made and removed in it).
    assertThat(withoutRootMtime(VolumeFixtures.run(small, VolumeFixtures.DESCRIBE))).isEqualTo(withoutRootMtime(before));
    assertThat(VolumeFixtures.run(small, "ls -A /data")).isEqualTo("a\nd\n");
  }

  @Test
  void intoAFreshVolumeEveryAttackIsRefusedAndTheVolumeIsGone() throws Exception {
    for (HostileArchives.Attack attack : HostileArchives.Attack.values()) {
      String fresh = TestObjects.uniqueName("fresh");
      Path archive = HostileArchives.write(dir, attack, fresh);
      try {
        assertThatThrownBy(() -> backups.restore(archive, restoreOptions()))
            .as(attack.name())
            .isInstanceOf(ArchiveRejectedException.class)
            .hasMessageContaining(attack.expectedMessage());
        // Content attacks are found while writing (one pass); the volume made for them is removed.
        assertThat(docker.listVolumesCmd().withFilter("name", List.of(fresh)).exec().getVolumes()).as(attack.name()).isNullOrEmpty();
      } finally {
        java.util.Optional.ofNullable(docker.listVolumesCmd().withFilter("name", List.of(fresh)).exec().getVolumes()).orElse(List.of()).stream()
            .filter(v -> v.getName().equals(fresh)).forEach(v -> docker.removeVolumeCmd(fresh).exec());
      }
    }
  }

  @Test
  void pauseConsistencyPausesTheWriterAndUnpausesIt() throws Exception {
    String data = volume();
    VolumeFixtures.run(data, "echo x > /data/f");
    String writer = runningContainerMounting(data, "writer", labels);
    BackupResult result = backups.backupVolumes("pause", List.of(data), dir,
        options().withDefaultConsistency(BackupPolicy.Consistency.PAUSE));
    assertThat(result.held()).singleElement().satisfies(h -> assertThat(h.how()).isEqualTo("paused"));
    assertThat(result.readOnHost()).as("paused by the backup, so frozen while it was read").containsExactly(data);
    var state = docker.inspectContainerCmd(writer).exec().getState();
    assertThat(state.getRunning()).isTrue();
    assertThat(state.getPaused()).isFalse();
  }
}
