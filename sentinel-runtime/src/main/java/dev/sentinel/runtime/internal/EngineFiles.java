package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.secret.SecretStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A service's secret and config files, delivered through the engine rather than through a path on
 * the machine that runs Sentinel, so remote engines (TCP, TLS, SSH, contexts, a VM) work as a local
 * one does: one volume per service and content ({@code <stack>_files_<service>_<version>}), filled
 * through the archive API (owner and mode in the tar headers) by a container that is created from
 * the service's own image, never started, and removed. The service's containers mount the volume
 * read-only (so no prune can take it while they run) and each file, at its target, from the
 * volume's directory on the engine's host.
 *
 * <p>The version is a hash of every file's place, owner, mode and content version (secrets: their
 * HMAC version, never a plain hash of the value), so a rotated secret or an edited config is a new
 * volume and recreates its users, and an existing volume of that name already holds these files.
 * Secret bytes lie in the engine's data root (root-only), as Compose's secret files lie on the
 * host; a tmpfs-backed volume would lose them whenever no container mounts it (a restart).
 */
public final class EngineFiles {
  /** The label on a files volume; its value is the service. */
  public static final String LABEL = "dev.sentinel.files";
  /** Where the service's containers see the whole volume. */
  static final String HOLDER_TARGET = "/run/sentinel-files";

  /** The uid or gid of a file owned by the service's named user, found in its image's {@code /etc/passwd} when filling. */
  static final int FROM_IMAGE = -1;

  /** One file in the volume; {@code uid}/{@code gid} may be {@link #FROM_IMAGE}. */
  record File(String path, int uid, int gid, int mode, String version, FileContent content) {}

  /** A file's bytes, read only when the volume is filled (secret values stay out of plans). */
  interface FileContent {
    byte[] read();
  }

  /**
   * The files of one service.
   *
   * @param service the service
   * @param volume the engine's name of its files volume
   * @param files what the volume holds
   */
  public record ServiceFiles(String service, String volume, List<File> files) {}

  private final StackSpec spec;
  private final Supplier<String> dataRoot;
  private final Map<String, String> secretVersions;
  private final Map<String, ServiceFiles> byService = new LinkedHashMap<>();

  /**
   * @param dataRoot the engine's data root ({@code docker info}'s {@code DockerRootDir}), where a
   *     local volume's directory is; asked for only when a service has files (a plan of a stack
   *     without secrets or configs then makes no {@code info} call, the largest answer it would read)
   * @param secretVersions each secret's version (see {@link StateFiles#secretVersions})
   */
  public EngineFiles(StackSpec spec, Map<String, Service> services, SecretStore store, Map<String, String> secretVersions, Supplier<String> dataRoot) {
    this.spec = spec;
    this.dataRoot = dataRoot;
    this.secretVersions = Map.copyOf(secretVersions);
    for (Service s : services.values()) {
      List<File> files = new ArrayList<>();
      for (FileMount m : s.storage().secrets()) {
        files.add(new File("secrets/" + m.source(), id(m.uid(), s, true), id(m.gid(), s, false), m.mode().orElse(0400),
            secretVersions.get(m.source()), () -> store.value(spec.name(), spec.secrets().get(m.source()))));
      }
      for (FileMount m : s.storage().configs()) {
        Config config = spec.configs().get(m.source());
        byte[] content = StateFiles.configContent(config);
        files.add(new File("configs/" + m.source(), id(m.uid(), s, true), id(m.gid(), s, false), m.mode().orElse(0444),
            Hashing.sha256().hashBytes(content).toString(), () -> content));
      }
      if (!files.isEmpty()) {
        Hasher version = Hashing.sha256().newHasher();
        files.forEach(f -> version.putString(f.path() + "|" + f.uid() + "|" + f.gid() + "|" + f.mode() + "|" + f.version() + "\n",
            StandardCharsets.UTF_8));
        String volume = spec.name() + "_files_" + s.name() + "_" + version.hash().toString().substring(0, 12);
        byService.put(s.name(), new ServiceFiles(s.name(), volume, List.copyOf(files)));
      }
    }
  }

  /** Each secret's version, as given: the container specs carry them too. */
  public Map<String, String> secretVersions() {
    return secretVersions;
  }

  /** The files of {@code service}; empty when it mounts no secret or config. */
  public Optional<ServiceFiles> of(String service) {
    return Optional.ofNullable(byService.get(service));
  }

  /** The engine names of every files volume these services use. */
  public Set<String> volumes() {
    Set<String> names = new java.util.HashSet<>();
    byService.values().forEach(f -> names.add(f.volume()));
    return names;
  }

  /** Where the engine finds {@code path} of {@code service}'s volume, for a bind mount. */
  String source(String service, String path) {
    return dataRoot.get() + "/volumes/" + byService.get(service).volume() + "/_data/" + path;
  }

  /** Mount sources for {@link ContainerSpecs}. */
  public ContainerSpecs.FileSources sources() {
    return new ContainerSpecs.FileSources() {
      @Override
      public String secret(String service, String secret) {
        return source(service, "secrets/" + secret);
      }

      @Override
      public String config(String service, String config) {
        return source(service, "configs/" + config);
      }

      @Override
      public Optional<StorageMapping.MountSpec> holder(String service) {
        return of(service).map(f -> new StorageMapping.MountSpec("volume", f.volume(), HOLDER_TARGET, true, null, null));
      }
    };
  }

  /**
   * Makes sure {@code service}'s volume exists and holds its files: created and filled when
   * missing, refilled when it exists (an apply killed halfway may have left it partly filled; the
   * files are small). Called before a container of the service is created.
   *
   * @throws IllegalStateException when the engine keeps the volume elsewhere than a local volume
   *     would be (another volume driver or data root): the bind mounts would miss the files
   */
  public void fill(DockerClient docker, EngineClients clients, String service, String image, Map<String, String> labels) {
    ServiceFiles files = byService.get(service);
    if (files == null) {
      return;
    }
    Map<String, String> volumeLabels = new LinkedHashMap<>(labels);
    volumeLabels.put(LABEL, service);
    String mountpoint;
    try {
      mountpoint = docker.inspectVolumeCmd(files.volume()).exec().getMountpoint();
    } catch (NotFoundException missing) {
      mountpoint = docker.createVolumeCmd().withName(files.volume()).withDriver("local").withLabels(volumeLabels).exec().getMountpoint();
    }
    String expected = dataRoot.get() + "/volumes/" + files.volume() + "/_data";
    if (!expected.equals(mountpoint)) {
      throw new IllegalStateException("the engine keeps volume " + files.volume() + " at " + mountpoint + ", not at " + expected
          + "; the secret and config files of service \"" + service + "\" could not be mounted from it");
    }
    String helperName = files.volume() + "-fill";
    Containers.stopAndRemove(docker, helperName, 0);
    Map<String, String> helperLabels = new LinkedHashMap<>(labels);
    helperLabels.put(LABEL, service);
    // Never started: it exists only so the archive API has a container to write into the volume through.
    String helper = docker.createContainerCmd(image).withName(helperName).withLabels(helperLabels)
        .withEntrypoint("/sentinel-fills-volumes-and-never-runs").withCmd(List.of())
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            .withBinds(new com.github.dockerjava.api.model.Bind(files.volume(), new Volume("/files"))))
        .exec().getId();
    try {
      ImageUsers users = files.files().stream().anyMatch(f -> f.uid() == FROM_IMAGE || f.gid() == FROM_IMAGE)
          ? ImageUsers.read(clients, helper) : ImageUsers.NONE;
      clients.putArchive(helper, "/files", new ByteArrayInputStream(tar(files, users, userOf(service))), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secret and config files of service \"" + service + "\" into volume " + files.volume(), e);
    } finally {
      Containers.stopAndRemove(docker, helper, 0);
    }
  }

  private String userOf(String service) {
    return spec.services().get(service).security().user().map(u -> u.spec()).orElse("");
  }

  private static byte[] tar(ServiceFiles files, ImageUsers users, String user) throws IOException {
    String[] parts = user.split(":", 2);
    Owner ids = new Owner(users.uid(parts[0]), users.gid(parts[0], parts.length > 1 ? parts[1] : ""));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String dir : List.of("secrets/", "configs/")) {
        TarArchiveEntry d = new TarArchiveEntry(dir);
        d.setMode(040755);
        tar.putArchiveEntry(d);
        tar.closeArchiveEntry();
      }
      for (File f : files.files()) {
        byte[] content = f.content().read();
        TarArchiveEntry e = new TarArchiveEntry(f.path());
        e.setSize(content.length);
        int uid = f.uid() == FROM_IMAGE ? ids.uid().orElse(-1) : f.uid();
        int gid = f.gid() == FROM_IMAGE ? ids.gid().orElse(-1) : f.gid();
        boolean unknown = uid < 0 || gid < 0;
        // A user the image does not know: root's file, readable by every user in the container (as Compose's files are).
        e.setMode(0100000 | (unknown ? f.mode() | 0444 : f.mode()));
        e.setIds(unknown ? 0 : uid, unknown ? 0 : gid);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** A named user's ids, each empty when the image does not know it. */
  private record Owner(java.util.OptionalInt uid, java.util.OptionalInt gid) {}

  /** The mount's id, else the service user's: numeric as written, {@link #FROM_IMAGE} for a name, 0 (root) without a user. */
  private static int id(Optional<String> fromMount, Service s, boolean uid) {
    String id = fromMount.orElse(StateFiles.numericUser(s, uid));
    if (id.isEmpty()) {
      return FROM_IMAGE;
    }
    return id.chars().allMatch(Character::isDigit) ? Integer.parseInt(id) : 0;
  }
}
