package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.sentinel.backup.internal.ArchiveVerifier;
import dev.sentinel.backup.internal.ArchiveStreams;
import dev.sentinel.backup.internal.ArchiveWriter;
import dev.sentinel.backup.internal.HelperContainers;
import dev.sentinel.backup.internal.HostTreeWriter;
import dev.sentinel.backup.internal.HostVolumeDirectory;
import dev.sentinel.backup.internal.HostVolumeReader;
import dev.sentinel.backup.internal.Quiescer;
import dev.sentinel.backup.internal.Retention;
import dev.sentinel.backup.internal.StagingVolumes;
import dev.sentinel.backup.internal.VolumeEntries;
import dev.sentinel.backup.internal.VolumeRestorer;
import dev.sentinel.dsl.BackupPolicy;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Backs up, verifies and restores Docker volumes, streaming end to end: through the engine's API, or,
 * on an engine of this host and where nothing else can touch the volume meanwhile, straight through
 * its directory here ({@link BackupResult#readOnHost()}, {@link RestoreResult#writtenOnHost()}).
 *
 * <pre>{@code
 * try (Engine engine = Engine.fromEnvironment()) {
 *   VolumeBackup backups = VolumeBackup.on(engine);
 *   BackupResult result = backups.backup(stack.resolve("production"), Path.of("/srv/backups"), BackupOptions.defaults()
 *       .withRetention(RetentionPolicy.dailyAndMonthly(7, 12)));
 *   Manifest manifest = VolumeBackup.verify(result.archive());
 *   backups.restore(result.archive(), RestoreOptions.defaults().rename("shop_db-data", "shop_db-data-copy"));
 * }
 * }</pre>
 *
 * <p>Archives are {@code <stack>-<UTC timestamp>.tar.zst} (or {@code .tar.gz}) with a {@code
 * .sha256} beside them: each volume's tree under {@code volumes/<name>/} and a {@code manifest.yaml}
 * last. See docs/backup.md for the format and a restore drill.
 */
public final class VolumeBackup {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VolumeBackup.class);
  private static final String VERSION = Optional.ofNullable(VolumeBackup.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT");

  private final EngineClients clients;
  private final DockerClient docker;

  private VolumeBackup(Engine engine) {
    this.clients = EngineClients.of(engine);
    this.docker = clients.requests();
  }

  public static VolumeBackup on(Engine engine) {
    return new VolumeBackup(checkNotNull(engine, "engine"));
  }

  /**
   * Backs up every named (non-external) volume of {@code spec}, each kept consistent as its {@link
   * BackupPolicy} says, into one archive in {@code directory}; verifies it; then prunes older
   * archives of the stack when a retention policy is given.
   *
   * @throws IOException when the archive cannot be written (no archive is left under a final name)
   */
  public BackupResult backup(StackSpec spec, Path directory, BackupOptions options) throws IOException {
    List<Target> targets = new ArrayList<>();
    for (Volume v : spec.volumes().values()) {
      if (!v.external()) {
        targets.add(new Target(v.engineName(spec.name()), v.backup()));
      }
    }
    checkArgument(!targets.isEmpty(), "stack \"%s\" has no volumes to back up", spec.name());
    return write(spec.name(), spec.environment(), targets, directory, options);
  }

  /**
   * Backs up the named engine volumes (any, not only a stack's) into one archive named after
   * {@code name}, with the options' default consistency.
   */
  public BackupResult backupVolumes(String name, List<String> volumes, Path directory, BackupOptions options) throws IOException {
    checkArgument(!volumes.isEmpty(), "no volumes to back up");
    List<Target> targets = volumes.stream()
        .map(v -> new Target(v, new BackupPolicy(options.defaultConsistency(), Optional.empty(), Optional.empty()))).toList();
    return write(name, Optional.empty(), targets, directory, options);
  }

  private record Target(String volume, BackupPolicy policy) {}

  @SuppressWarnings("try") // held for the try block
  private BackupResult write(String stack, Optional<String> environment, List<Target> targets, Path directory, BackupOptions options)
      throws IOException {
    Instant started = Instant.now();
    Map<String, InspectVolumeResponse> inspected = new LinkedHashMap<>();
    for (Target t : targets) {
      try {
        inspected.put(t.volume(), docker.inspectVolumeCmd(t.volume()).exec());
      } catch (NotFoundException e) {
        throw new IllegalArgumentException("volume " + t.volume() + " does not exist on the engine");
      }
    }
    String fileName = Retention.fileName(stack, started, options.compression().extension());
    List<StoppedContainer> held = new ArrayList<>();
    List<VolumeManifest> volumes = new ArrayList<>();
    List<String> readOnHost = new ArrayList<>();
    Path archive;
    long skipped;
    try (ArchiveWriter writer = new ArchiveWriter(directory, fileName, options.compression(), options.level())) {
      for (Target t : targets) {
        InspectVolumeResponse v = inspected.get(t.volume());
        t.policy().before().ifPresent(h -> runHook(stack, h));
        try (Quiescer q = Quiescer.quiesce(docker, t.volume(), t.policy().consistency(), held)) {
          String driver = Optional.ofNullable(v.getDriver()).orElse("local");
          Map<String, String> driverOptions = Optional.ofNullable(v.getOptions()).orElse(Map.of());
          Map<String, String> labels = Optional.ofNullable(v.getLabels()).orElse(Map.of());
          Optional<HostVolumeReader> onHost = options.hostReads() ? HostVolumeReader.of(clients, v, q.paused()) : Optional.empty();
          String helper = HelperContainers.create(docker, t.volume(), true, options.extraLabels());
          try {
            if (onHost.isPresent() && onHost.get().isTheEnginesMount(clients, helper, HelperContainers.MOUNT)) {
              volumes.add(writer.addVolume(t.volume(), driver, driverOptions, labels, onHost.get()));
              readOnHost.add(t.volume());
            } else {
              try (InputStream tar = ArchiveStreams.readingAhead(clients.getArchive(helper, HelperContainers.MOUNT), "sentinel-backup-" + t.volume())) {
                volumes.add(writer.addVolume(t.volume(), driver, driverOptions, labels, VolumeEntries.ofEngineArchive(tar)));
              }
            }
          } finally {
            HelperContainers.remove(docker, helper);
          }
        }
        t.policy().after().ifPresent(h -> runHook(stack, h));
      }
      skipped = writer.skipped();
      // finish() checks what was written, as verify() would, before the archive gets its name.
      archive = writer.finish(new Manifest(Manifest.FORMAT, VERSION, stack, environment, started, volumes));
    }
    List<Path> pruned = new ArrayList<>();
    if (options.retention().isPresent()) {
      for (Retention.Archive old : Retention.toPrune(Retention.archives(directory, stack), options.retention().get(), Optional.of(archive))) {
        Files.deleteIfExists(old.path());
        Files.deleteIfExists(old.path().resolveSibling(old.path().getFileName() + ".sha256"));
        pruned.add(old.path());
      }
    }
    return new BackupResult(archive, new Manifest(Manifest.FORMAT, VERSION, stack, environment, started, volumes), held, skipped,
        pruned, Duration.between(started, Instant.now()), readOnHost);
  }

  /**
   * Prunes archives of {@code stack} in {@code directory} that {@code policy} does not keep, never
   * the newest one that verifies.
   *
   * @return the archives removed
   */
  public static List<Path> prune(String stack, Path directory, RetentionPolicy policy) throws IOException {
    List<Retention.Archive> archives = Retention.archives(directory, stack);
    Optional<Path> newestVerified = Optional.empty();
    for (Retention.Archive a : archives) {
      try {
        verify(a.path());
        newestVerified = Optional.of(a.path());
        break;
      } catch (ArchiveRejectedException e) {
        // not a keeper; older ones are tried
      }
    }
    if (newestVerified.isEmpty()) {
      return List.of();
    }
    List<Path> pruned = new ArrayList<>();
    for (Retention.Archive old : Retention.toPrune(archives, policy, newestVerified)) {
      Files.deleteIfExists(old.path());
      Files.deleteIfExists(old.path().resolveSibling(old.path().getFileName() + ".sha256"));
      pruned.add(old.path());
    }
    return pruned;
  }

  /**
   * The newest archive of {@code stack} in {@code directory} holding each of {@code volumes} (engine
   * names), newest archives first; a volume no readable archive holds is left out. Each archive's
   * checksum file and layout are checked (not its data digests), so a damaged archive does not count
   * as a backup.
   */
  public static List<LastBackup> lastBackups(String stack, Path directory, java.util.Collection<String> volumes) throws IOException {
    java.util.Map<String, LastBackup> found = new java.util.LinkedHashMap<>();
    for (Retention.Archive a : Retention.archives(directory, stack)) {
      if (found.keySet().containsAll(volumes)) {
        break;
      }
      Manifest manifest;
      try {
        manifest = ArchiveVerifier.verifyLayout(a.path());
      } catch (ArchiveRejectedException e) {
        continue;
      }
      for (VolumeManifest v : manifest.volumes()) {
        if (volumes.contains(v.name())) {
          found.putIfAbsent(v.name(), new LastBackup(v.name(), a.path(), manifest.createdAt(), v.bytes()));
        }
      }
    }
    return volumes.stream().filter(found::containsKey).map(found::get).toList();
  }

  /**
   * Checks an archive without Docker: its {@code .sha256}, its manifest, and every volume's
   * entries and checksum.
   *
   * @throws ArchiveRejectedException naming what is wrong
   */
  public static Manifest verify(Path archive) {
    return ArchiveVerifier.verify(archive);
  }

  /**
   * Restores the archive's volumes, checking everything while writing and leaving nothing
   * half-restored. Missing volumes are created with their recorded driver, options and labels; a
   * non-empty volume is refused unless {@code overwrite}; running containers that use a volume are
   * stopped until every volume is restored, then started again.
   *
   * <p>The archive is read twice: first its layout (the {@code .sha256}, every entry's name, type and
   * place, the manifest), without hashing data; then each volume is streamed into the engine with its
   * content digest checked as it goes. A volume this restore creates is written directly and removed
   * when anything fails. When every volume restored is new, the engine runs on this host and this
   * process is root, the archive is instead read once, verified and written in the same pass into a
   * staging volume's directory here, and each tree renamed into its new volume ({@link
   * RestoreResult#writtenOnHost()}; {@link RestoreOptions#withoutHostWrites()} turns that off; see
   * docs/backup.md). An existing volume is written into a staging directory at its top ({@code
   * .sentinel-restore-…}); only when every volume of the restore is written and checked do the
   * staged trees replace the old content, by renames inside each volume. A failure before that (a
   * refused entry, a digest mismatch, a full disk, an engine error) removes the staging directories
   * and leaves every existing volume as it was. Replacing needs room for the old and the new content
   * at once.
   *
   * @throws ArchiveRejectedException when the archive does not verify
   * @throws RestoreRefusedException when a target volume is not empty and overwrite is off
   */
  public RestoreResult restore(Path archive, RestoreOptions options) throws IOException {
    if (options.hostWrites()) {
      Optional<RestoreResult> onHost = restoreOnHost(archive, options);
      if (onHost.isPresent()) {
        return onHost.get();
      }
    }
    Manifest manifest = ArchiveVerifier.verifyLayout(archive);
    List<VolumeManifest> selected = manifest.volumes().stream()
        .filter(v -> options.only().isEmpty() || options.only().contains(v.name())).toList();
    for (String wanted : options.only()) {
      if (manifest.volume(wanted).isEmpty()) {
        throw new RestoreRefusedException("volume " + wanted + " is not in " + archive.getFileName());
      }
    }
    Map<String, Boolean> existing = new LinkedHashMap<>();
    for (VolumeManifest v : selected) {
      String target = options.target(v.name());
      boolean exists = exists(target);
      existing.put(target, exists);
      if (exists && !options.overwrite() && !VolumeRestorer.isEmpty(clients, target, options.extraLabels())) {
        throw new RestoreRefusedException("volume " + target + " is not empty; restore with overwrite to replace its content");
      }
    }
    if (existing.containsValue(true)) {
      HelperContainers.prepareSwap(docker);
    }
    List<String> created = new ArrayList<>();
    Map<String, String> staged = new LinkedHashMap<>();
    List<StoppedContainer> held = new ArrayList<>();
    List<Quiescer> quiesced = new ArrayList<>();
    Exception failure = null;
    try {
      for (VolumeManifest v : selected) {
        String target = options.target(v.name());
        if (!existing.get(target)) {
          createVolume(v, target, options);
          created.add(target);
        }
        quiesced.add(Quiescer.quiesce(docker, target, BackupPolicy.Consistency.STOP, held));
        String into = "";
        if (existing.get(target)) {
          into = HelperContainers.stagingName();
          staged.put(target, into);
        }
        VolumeRestorer.restore(clients, archive, v.name(), target, into, options.extraLabels(), Optional.of(v));
      }
      // Everything is written and checked: only now does any existing volume's content change.
      for (Map.Entry<String, String> s : List.copyOf(staged.entrySet())) {
        HelperContainers.swapIn(docker, s.getKey(), s.getValue(), options.extraLabels());
        staged.remove(s.getKey());
      }
    } catch (IOException | RuntimeException e) {
      staged.forEach((volume, staging) -> {
        try {
          HelperContainers.discardStaging(docker, volume, staging, options.extraLabels());
        } catch (RuntimeException removal) {
          e.addSuppressed(removal);
        }
      });
      for (String fresh : created) {
        try {
          docker.removeVolumeCmd(fresh).exec();
        } catch (RuntimeException removal) {
          e.addSuppressed(removal);
        }
      }
      failure = e;
      throw e;
    } finally {
      try {
        startAgain(quiesced);
      } catch (RuntimeException notStarted) {
        if (failure == null) {
          throw notStarted;
        }
        failure.addSuppressed(notStarted);
      }
    }
    return new RestoreResult(manifest, selected.stream().map(v -> options.target(v.name())).toList(), created, held);
  }

  /** A volume of the archive is to be restored into one that exists: the engine's path decides (refuse or overwrite). */
  private static final class TargetExists extends IOException {
    private static final long serialVersionUID = 1L;

    TargetExists(String volume) {
      super("volume " + volume + " exists");
    }
  }

  /**
   * The fast path, when every volume restored is new and the engine runs on this host: one read of
   * the archive verifies it and writes each volume's tree into a staging volume's directory here
   * ({@link HostVolumeDirectory} proves it is the engine's); then each volume is created with its
   * recorded driver, options and labels and its tree renamed into it. A volume with driver options
   * is written through the engine from the verified archive instead. Nothing is left behind: the
   * staging volume is removed whatever happens, and the created volumes when anything fails.
   *
   * @return empty when the fast path does not apply (a target exists, no host directory, an entry
   *     only the engine can write); nothing was changed then
   */
  private Optional<RestoreResult> restoreOnHost(Path archive, RestoreOptions options) throws IOException {
    String staging = HostVolumeDirectory.stagingVolumeName();
    Map<String, String> labels = new LinkedHashMap<>(options.extraLabels());
    labels.put(HelperContainers.LABEL, StagingVolumes.LABEL_VALUE);
    docker.createVolumeCmd().withName(staging).withLabels(labels).exec();
    List<String> created = new ArrayList<>();
    java.util.concurrent.CompletableFuture<Boolean> proven = java.util.concurrent.CompletableFuture.completedFuture(false);
    java.io.Closeable held = () -> {};
    try {
      Optional<Path> directory = HostVolumeDirectory.candidate(clients, staging);
      if (directory.isEmpty()) {
        return Optional.empty();
      }
      // Held while this restore runs, so a restore beside it never takes this staging volume for
      // the leftover of one that was killed, which it removes (see StagingVolumes).
      held = StagingVolumes.hold(directory.get());
      // The proof that the directory is the engine's volume (a helper container reads a probe back)
      // runs beside the pass; nothing written there is used, and no volume created, before it holds.
      proven = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> HostVolumeDirectory.provenByTheEngine(clients, staging, directory.get(), options.extraLabels()),
          task -> {
            Thread t = new Thread(task, "sentinel-restore-probe");
            t.setDaemon(true);
            t.start();
          });
      Map<String, Path> staged = new LinkedHashMap<>();
      Manifest manifest;
      try {
        manifest = HostTreeWriter.write(archive, volume -> {
          if (!options.only().isEmpty() && !options.only().contains(volume)) {
            return Optional.empty();
          }
          if (exists(options.target(volume))) {
            throw new TargetExists(options.target(volume));
          }
          Path root = Files.createDirectory(directory.get().resolve(Integer.toString(staged.size())));
          staged.put(volume, root);
          return Optional.of(root);
        });
      } catch (HostTreeWriter.NotWritableOnHost | TargetExists e) {
        log.debug("restoring through the engine: {}", e.getMessage());
        return Optional.empty();
      }
      if (!proven.join()) {
        return Optional.empty();
      }
      // Only now: the volumes directory seen here is proven the engine's, so what the sweep reads
      // of other staging volumes' directories is what their restores wrote.
      StagingVolumes.removeAbandoned(docker, staging);
      for (String wanted : options.only()) {
        if (manifest.volume(wanted).isEmpty()) {
          throw new RestoreRefusedException("volume " + wanted + " is not in " + archive.getFileName());
        }
      }
      List<VolumeManifest> selected = manifest.volumes().stream()
          .filter(v -> options.only().isEmpty() || options.only().contains(v.name())).toList();
      List<String> onHost = new ArrayList<>();
      for (VolumeManifest v : selected) {
        String target = options.target(v.name());
        createVolume(v, target, options);
        created.add(target);
        if (HostVolumeDirectory.moveInto(docker, staged.get(v.name()), target, directory.get())) {
          onHost.add(target);
        } else {
          VolumeRestorer.restore(clients, archive, v.name(), target, "", options.extraLabels(), Optional.of(v));
        }
      }
      return Optional.of(new RestoreResult(manifest, selected.stream().map(v -> options.target(v.name())).toList(), created, List.of(), onHost));
    } catch (IOException | RuntimeException e) {
      for (String fresh : created) {
        try {
          docker.removeVolumeCmd(fresh).exec();
        } catch (RuntimeException removal) {
          e.addSuppressed(removal);
        }
      }
      throw e;
    } finally {
      // The probe's helper mounts the staging volume: it is gone once the probe has ended.
      proven.exceptionally(e -> false).join();
      try {
        held.close();
      } catch (IOException e) {
        log.debug("releasing the lock of {} failed: {}", staging, e.toString());
      }
      try {
        docker.removeVolumeCmd(staging).exec();
      } catch (RuntimeException e) {
        log.warn("could not remove the staging volume {} (label {}): {}", staging, HelperContainers.LABEL, e.getMessage());
      }
    }
  }

  /** Starts every held container again, newest first; the first failure is thrown once all were tried. */
  private static void startAgain(List<Quiescer> quiesced) {
    RuntimeException first = null;
    for (int i = quiesced.size() - 1; i >= 0; i--) {
      try {
        quiesced.get(i).close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void createVolume(VolumeManifest v, String target, RestoreOptions options) {
    Map<String, String> labels = new LinkedHashMap<>(v.labels());
    if (!target.equals(v.name())) {
      // A renamed copy is not the stack's volume: a later `down --volumes` must not take it.
      labels.keySet().removeIf(k -> k.startsWith("dev.sentinel."));
      labels.put("dev.sentinel.restored-from", v.name());
    }
    labels.putAll(options.extraLabels());
    docker.createVolumeCmd().withName(target).withDriver(v.driver()).withDriverOpts(v.options()).withLabels(labels).exec();
  }

  private boolean exists(String volume) {
    try {
      docker.inspectVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private void runHook(String stack, BackupPolicy.Hook hook) {
    List<Container> containers = docker.listContainersCmd()
        .withLabelFilter(Map.of("dev.sentinel.stack", stack, "dev.sentinel.service", hook.service()))
        .withStatusFilter(List.of("running")).exec();
    if (containers.isEmpty()) {
      throw new IllegalStateException("backup hook: service \"" + hook.service() + "\" of stack \"" + stack + "\" has no running container");
    }
    String exec = docker.execCreateCmd(containers.get(0).getId()).withCmd(hook.command().toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true).exec().getId();
    StringBuilder output = new StringBuilder();
    try {
      docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          output.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }).awaitCompletion(30, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("backup hook in service \"" + hook.service() + "\" was interrupted", e);
    }
    Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    if (code == null || code != 0) {
      throw new IllegalStateException("backup hook " + hook.command() + " in service \"" + hook.service() + "\" exited with "
          + code + ": " + output.toString().strip());
    }
  }

}
