package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * A plain local volume read straight from its directory on this host, instead of through the
 * engine's archive endpoint (on a local engine the slowest stage of a backup: the engine's own tar
 * behind an HTTP stream). Used only when nothing but this process can change the tree while it is
 * read, and only for the directory the engine mounts; every condition is checked, not assumed:
 *
 * <ul>
 *   <li>the engine is on a unix socket of this host, this is Linux, this process runs as root (it can
 *       read every file) and its JVM names files in UTF-8;
 *   <li>the volume is a plain local one (driver {@code local}, no options) whose directory here is
 *       absolute and real (no link on its path);
 *   <li>no container that mounts the volume runs: each is created, exited or dead, or paused by this
 *       backup's own quiescing (frozen). A container is a process of whoever may start one, possibly
 *       hostile: one that ran during the read could swap a file for a link or a device node between
 *       a check and an open. Checked again once the tree is read: a container that started, or
 *       changed state, meanwhile (restarted by the engine's restart policy, a Swarm's new task)
 *       fails the backup, and nothing read is kept. One created, started and removed within the
 *       read is not seen: only a holder of the engine's API can do that, which is the host's root;
 *   <li>the engine's stat of the helper's mount has this directory's mode and modification time to
 *       the nanosecond: the directory is the one the engine mounts, not a same-named path in another
 *       mount namespace.
 * </ul>
 *
 * The tree is walked as the engine archives it, so both readings of one volume have the same
 * content digest: depth first, names in byte order, no link followed (every stat and every file
 * open refuses one; a directory is listed only once its own stat, not following links, said it is
 * one: with no container running, only this host's root could swap it in between), a regular file
 * with more than one link archived once and then as hard links to its first path, devices, FIFOs
 * and sockets left out, headers as the engine writes them (the mode with its file type bits,
 * numeric owners, whole-second times). A file whose size changes while it is
 * read fails the backup. The engine also archives a file's {@code security.capability} attribute,
 * which the JDK cannot read: see docs/backup.md.
 */
public final class HostVolumeReader implements VolumeEntries {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostVolumeReader.class);
  private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime";
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final long GO_MODE_DIR = 1L << 31;

  private final DockerClient docker;
  private final String volume;
  private final Path directory;
  private final Map<String, User> usersBefore;

  private HostVolumeReader(DockerClient docker, String volume, Path directory, Map<String, User> usersBefore) {
    this.docker = docker;
    this.volume = volume;
    this.directory = directory;
    this.usersBefore = usersBefore;
  }

  /**
   * A reader of {@code volume}'s directory when every condition above but the engine's stat holds;
   * {@link #isTheEnginesMount} checks that one.
   *
   * @param frozen the containers this backup paused (they cannot run while it reads)
   */
  public static Optional<HostVolumeReader> of(EngineClients clients, InspectVolumeResponse inspected, Set<String> frozen) {
    String volume = inspected.getName();
    try {
      Optional<String> whyNot = HostVolumeDirectory.localProcessCannot(clients);
      Optional<Path> directory = whyNot.isEmpty() ? HostVolumeDirectory.plainDirectory(inspected) : Optional.empty();
      if (whyNot.isEmpty() && directory.isEmpty()) {
        whyNot = Optional.of("it is not a plain local volume (driver " + inspected.getDriver() + ", options " + inspected.getOptions()
            + ") with a real directory here (" + inspected.getMountpoint() + ")");
      }
      if (whyNot.isEmpty()) {
        Map<String, User> users = users(clients.requests(), volume);
        whyNot = users.entrySet().stream().filter(u -> u.getValue().mayRun(frozen.contains(u.getKey()))).findFirst()
            .map(u -> "container " + u.getKey().substring(0, 12) + " that mounts it is " + u.getValue().status());
        if (whyNot.isEmpty()) {
          return Optional.of(new HostVolumeReader(clients.requests(), volume, directory.get(), users));
        }
      }
      log.debug("volume {} is read through the engine: {}", volume, whyNot.get());
    } catch (IOException | RuntimeException e) {
      log.debug("volume {} is read through the engine: its directory cannot be used here ({})", volume, e.toString());
    }
    return Optional.empty();
  }

  /**
   * Whether the engine's stat of {@code path} in {@code helper} (a container mounting the volume
   * there) has this directory's type, permissions and modification time to the nanosecond.
   */
  public boolean isTheEnginesMount(EngineClients clients, String helper, String path) {
    try {
      EngineClients.PathStat seen = clients.statPath(helper, path);
      Map<String, Object> here = Files.readAttributes(directory, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      int mode = (int) here.get("mode");
      boolean same = (seen.mode() & GO_MODE_DIR) != 0 && (seen.mode() & 0777) == (mode & 0777)
          && seen.modified().equals(((FileTime) here.get("lastModifiedTime")).toInstant());
      if (!same) {
        log.debug("volume {} is read through the engine: the engine's stat of its mount ({}) is not that of {} ({})", volume, seen,
            directory, here);
      }
      return same;
    } catch (IOException | RuntimeException e) {
      log.debug("volume {} is read through the engine: its mount could not be compared with {} ({})", volume, directory, e.toString());
      return false;
    }
  }

  @Override
  public long forEach(Sink sink) throws IOException {
    long skipped = walk(directory, sink);
    Map<String, User> usersAfter = users(docker, volume);
    if (!usersAfter.equals(usersBefore)) {
      throw new IllegalStateException("volume " + volume + " was read from its directory on this host while a container that mounts it"
          + " started or changed (before: " + usersBefore + ", after: " + usersAfter + "); what was read is not kept. Run the backup"
          + " again, or through the engine (sentinel backup --through-engine)");
    }
    return skipped;
  }

  /** Walks {@code root} as {@link #forEach} does, without the checks of the engine's containers around it. */
  static long walk(Path root, Sink sink) throws IOException {
    Walk walk = new Walk(sink);
    walk.visit(root, "");
    return walk.skipped;
  }

  /** A container that mounts the volume: its state and when it last started. */
  private record User(String status, String startedAt) {
    /** Whether any of its processes may run while the volume is read; {@code frozenByUs}: this backup paused it. */
    boolean mayRun(boolean frozenByUs) {
      return switch (status) {
        case "created", "exited", "dead" -> false;
        case "paused" -> !frozenByUs;
        default -> true; // running, restarting, removing, and any state an engine adds later
      };
    }
  }

  /**
   * Each container that mounts the volume, by ID, but Sentinel's helpers that were never started
   * (this backup's own comes and goes around the read; a label alone excuses nothing: one that runs
   * counts, whatever its labels).
   */
  private static Map<String, User> users(DockerClient docker, String volume) {
    Map<String, User> users = new TreeMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withVolumeFilter(List.of(volume)).exec()) {
      try {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(c.getId()).exec().getState();
        User user = new User(String.valueOf(state.getStatus()), String.valueOf(state.getStartedAt()));
        boolean idleHelper = c.getLabels() != null && c.getLabels().containsKey(HelperContainers.LABEL) && user.status().equals("created");
        if (!idleHelper) {
          users.put(c.getId(), user);
        }
      } catch (NotFoundException removed) {
        // gone between the list and the inspection: it no longer mounts anything
      }
    }
    return users;
  }

  /** One depth-first walk; {@code firstPaths} maps a multiply linked file's (device, inode) to its first path. */
  private static final class Walk {
    private final Sink sink;
    private final Map<List<Long>, String> firstPaths = new HashMap<>();
    /** Where a file read to its stat's length looks for one byte more. */
    private final byte[] probe = new byte[1];
    private long skipped;

    Walk(Sink sink) {
      this.sink = sink;
    }

    void visit(Path path, String relative) throws IOException {
      Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int mode = (int) a.get("mode");
      int type = mode & S_IFMT;
      if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK) {
        skipped++;
        return;
      }
      TarArchiveEntry header = new TarArchiveEntry(relative.isEmpty() ? "./" : type == S_IFDIR ? relative + "/" : relative,
          type == S_IFDIR ? TarArchiveEntry.LF_DIR : type == S_IFLNK ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_NORMAL, true);
      header.setMode(mode);
      header.setUserId((int) a.get("uid"));
      header.setGroupId((int) a.get("gid"));
      header.setModTime(((FileTime) a.get("lastModifiedTime")).toMillis() / 1000 * 1000);
      if (type == S_IFLNK) {
        header.setLinkName(Files.readSymbolicLink(path).toString());
        sink.entry(relative, header, InputStream.nullInputStream());
      } else if (type == S_IFDIR) {
        sink.entry(relative, header, InputStream.nullInputStream());
        for (Path child : sortedChildren(path)) {
          String name = child.getFileName().toString();
          visit(child, relative.isEmpty() ? name : relative + "/" + name);
        }
      } else {
        List<Long> inode = List.of((long) a.get("dev"), (long) a.get("ino"));
        String first = (int) a.get("nlink") > 1 ? firstPaths.putIfAbsent(inode, relative) : null;
        if (first != null) {
          TarArchiveEntry link = new TarArchiveEntry(relative, TarArchiveEntry.LF_LINK, true);
          link.setMode(mode);
          link.setUserId(header.getLongUserId());
          link.setGroupId(header.getLongGroupId());
          link.setModTime(header.getModTime());
          link.setLinkName(first);
          sink.entry(relative, link, InputStream.nullInputStream());
        } else {
          long size = (long) a.get("size");
          header.setSize(size);
          try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            sink.entry(relative, header, new ExactLength(file, size, relative, probe));
          }
        }
      }
    }

    /** Children in the byte order of their names, as the engine's walk (Go's) lists them. */
    private static List<Path> sortedChildren(Path dir) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(children::add);
      }
      children.sort((x, y) -> Arrays.compareUnsigned(x.getFileName().toString().getBytes(StandardCharsets.UTF_8),
          y.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
      return children;
    }
  }

  /** A file's data, exactly as long as its stat said: a file that grows or shrinks while read fails. */
  private static final class ExactLength extends InputStream {
    private final FileChannel file;
    private final String relative;
    private final byte[] probe;
    private long left;

    ExactLength(FileChannel file, long size, String relative, byte[] probe) {
      this.file = file;
      this.left = size;
      this.relative = relative;
      this.probe = probe;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (left == 0) {
        if (file.read(ByteBuffer.wrap(probe)) > 0) {
          throw changed("grew");
        }
        return -1;
      }
      int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)));
      if (n < 0) {
        throw changed("shrank");
      }
      left -= n;
      return n;
    }

    private IOException changed(String how) {
      return new IOException("file " + relative + " " + how + " while it was read from the volume's directory");
    }
  }
}
