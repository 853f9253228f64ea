package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The directory on this host that holds a volume's content, when Sentinel may write into it
 * directly instead of through the engine's archive endpoint. Every condition is checked, not
 * assumed:
 *
 * <ul>
 *   <li>the engine is reached over a unix socket (it runs on this host);
 *   <li>the volume is a plain local one: driver {@code local} and no options, so no bind mount,
 *       tmpfs or NFS share is behind its directory (their content lives elsewhere once mounted);
 *   <li>this process runs as root (entries get their archived owners) and names files in UTF-8;
 *   <li>the directory is a real directory (no symbolic link on its path) and empty;
 *   <li>a file with a random name and content written into it from here is read back through the
 *       engine, from a helper container that mounts the volume: the proof that this directory is
 *       the volume as the engine mounts it, not a same-named path in another mount namespace.
 * </ul>
 *
 * Any condition unmet: empty, and the caller goes through the engine.
 */
public final class HostVolumeDirectory {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostVolumeDirectory.class);

  private HostVolumeDirectory() {}

  /**
   * The directory of {@code volume} when every condition above but the last holds; the last (the
   * probe read back through the engine) is {@link #provenByTheEngine}'s, so a caller may start
   * writing into the directory meanwhile, as long as it uses nothing written there before the proof.
   */
  public static Optional<Path> candidate(EngineClients clients, String volume) {
    Optional<String> whyNot = localProcessCannot(clients);
    if (whyNot.isPresent()) {
      log.debug("volume {} is written through the engine: {}", volume, whyNot.get());
      return Optional.empty();
    }
    try {
      Optional<Path> dir = emptyPlainDirectory(clients.requests(), volume);
      if (dir.isEmpty()) {
        log.debug("volume {} is written through the engine: it is not a plain local volume with an empty real directory here", volume);
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      log.debug("volume {} is written through the engine: its directory cannot be used here ({})", volume, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The directory of a plain local volume (driver {@code local}, no options), when it is an absolute,
   * real (no link on its path), empty directory here.
   */
  private static Optional<Path> emptyPlainDirectory(DockerClient docker, String volume) throws IOException {
    Optional<Path> dir = plainDirectory(docker.inspectVolumeCmd(volume).exec());
    return dir.isPresent() && isEmpty(dir.get()) ? dir : Optional.empty();
  }

  /**
   * The directory of a plain local volume (driver {@code local}, no options: no bind mount, tmpfs or
   * NFS share behind it), when it is an absolute, real (no link on its path) directory here.
   */
  static Optional<Path> plainDirectory(InspectVolumeResponse inspected) throws IOException {
    if (!"local".equals(inspected.getDriver()) || (inspected.getOptions() != null && !inspected.getOptions().isEmpty())
        || inspected.getMountpoint() == null) {
      return Optional.empty();
    }
    Path dir = Path.of(inspected.getMountpoint());
    if (!dir.isAbsolute() || !Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()
        || !dir.toRealPath().equals(dir)) {
      return Optional.empty();
    }
    return Optional.of(dir);
  }

  /**
   * Why this process may not read or write a volume's directory here itself: the engine is not on a
   * unix socket of this Linux host, file names are not UTF-8 in this JVM, or it does not run as root
   * (it could not give files their owners, nor read every file). Empty when it may.
   */
  static Optional<String> localProcessCannot(EngineClients clients) {
    if (!clients.onThisHost() || !"Linux".equals(System.getProperty("os.name"))) {
      return Optional.of("the engine is not on a unix socket of this Linux host");
    }
    try {
      if (!Charset.forName(System.getProperty("sun.jnu.encoding", "")).equals(StandardCharsets.UTF_8)) {
        return Optional.of("file names are not UTF-8 in this JVM (set LANG to a UTF-8 locale)");
      }
      if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
        return Optional.of("this process does not run as root, so it could not give files their owners nor read every file");
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of(e.toString());
    }
    return Optional.empty();
  }

  /** A fresh name for a restore's staging volume. */
  public static String stagingVolumeName() {
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    return "sentinel-restore-staging-" + HexFormat.of().formatHex(id);
  }

  /**
   * Renames the tree {@code staged} (in a staging volume's directory, proven the engine's by {@link
   * #provenByTheEngine}) into {@code volume}'s directory, when that volume is a plain local one whose
   * directory is real, empty, and beside the staging volume's (the same volumes directory,
   * resolved): one rename(2) over the empty directory, so the tree arrives whole with its root's
   * owner, mode and time.
   *
   * @return false when it does not apply; nothing was moved then
   */
  public static boolean moveInto(DockerClient docker, Path staged, String volume, Path stagingDirectory) throws IOException {
    Optional<Path> dir = emptyPlainDirectory(docker, volume);
    if (dir.isEmpty() || !Files.isSameFile(dir.get().getParent().getParent(), stagingDirectory.getParent().getParent())) {
      return false;
    }
    Files.move(staged, dir.get(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * Whether a probe file written into {@code dir} from here is read back through the engine inside
   * {@code volume}; the probe and its helper container are removed either way. Never throws.
   */
  public static boolean provenByTheEngine(EngineClients clients, String volume, Path dir, Map<String, String> labels) {
    try {
      return seenByTheEngine(clients, volume, dir, labels);
    } catch (IOException | RuntimeException e) {
      log.debug("volume {} is written through the engine: the probe in {} failed ({})", volume, dir, e.toString());
      return false;
    }
  }

  private static boolean seenByTheEngine(EngineClients clients, String volume, Path dir, Map<String, String> labels) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    Path probe = dir.resolve(".sentinel-probe-" + token.substring(0, 12));
    Files.writeString(probe, token, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    DockerClient docker = clients.requests();
    String helper = null;
    try {
      helper = HelperContainers.create(docker, volume, true, labels);
      try (InputStream in = clients.getArchive(helper, HelperContainers.MOUNT + "/" + probe.getFileName());
          TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        boolean seen = tar.getNextEntry() != null && new String(tar.readAllBytes(), StandardCharsets.UTF_8).equals(token);
        if (!seen) {
          log.debug("volume {} is written through the engine: a probe written into {} was not seen inside the volume", volume, dir);
        }
        return seen;
      }
    } finally {
      if (helper != null) {
        HelperContainers.remove(docker, helper);
      }
      Files.deleteIfExists(probe);
    }
  }
}
