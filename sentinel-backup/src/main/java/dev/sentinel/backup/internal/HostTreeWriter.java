package dev.sentinel.backup.internal;

import dev.sentinel.backup.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Writes volumes' trees from an archive straight into directories of this host, in the same pass
 * that verifies the archive: how a restore fills volumes it creates when {@link
 * HostVolumeDirectory} finds where they live here (the engine's archive endpoint is the slower
 * path, see docs/backup.md).
 *
 * <p>Each entry reaches this writer only after {@link ArchiveVerifier}'s {@link VolumeTree} accepted
 * it, so nothing is created beneath a symbolic link, outside its directory, or over an earlier
 * entry. Files are created new ({@code CREATE_NEW}), never opened through a link; hard links are
 * made to a file an earlier entry of the same volume wrote. Metadata is set as the engine's
 * extraction sets it: owner before mode (a chown clears setuid and setgid), mode with its setuid,
 * setgid and sticky bits, modification times on links themselves, and a directory's time given
 * back once the writer leaves it (writing into a directory changes its time). What is written is
 * only good once the whole archive verified (its {@code .sha256}, every volume's digest and counts);
 * the caller removes it otherwise.
 */
public final class HostTreeWriter implements ArchiveVerifier.Extraction {
  private static final int BUFFER = 1 << 20;
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /**
   * An entry this writer cannot reproduce here with the JDK's file API (extended attributes, sparse
   * maps, a name this JVM cannot encode); the caller restores through the engine instead.
   */
  public static final class NotWritableOnHost extends IOException {
    private static final long serialVersionUID = 1L;

    public NotWritableOnHost(String message) {
      super(message);
    }
  }

  /** Where each volume of the archive goes; empty for a volume to check but not write. */
  public interface Roots {
    Optional<Path> of(String volume) throws IOException;
  }

  /** A directory being written into, and the time to give it back once left. */
  private static final class Directory {
    final Path path;
    FileTime modified;

    Directory(Path path, FileTime modified) {
      this.path = path;
      this.modified = modified;
    }
  }

  private final Roots roots;
  private final Map<String, Optional<Path>> resolved = new HashMap<>();
  /**
   * The directories from a volume's root down to where entries are being written. Writing into a
   * directory changes its time, so each gets back, once left, the time it had when entered (its
   * archived time, set when its own entry was written; "now" for a parent the archive left
   * implicit, as extraction gives it). Memory grows with the depth, not the number of directories.
   */
  private final Deque<Directory> open = new ArrayDeque<>();
  private final byte[] buffer = new byte[BUFFER];
  private Path lastParent;

  private HostTreeWriter(Roots roots) {
    this.roots = roots;
  }

  /**
   * Verifies {@code archive} as {@code verify} does and, in the same read, writes each volume into
   * the directory {@code roots} gives for it (an existing, empty directory).
   *
   * @return the archive's manifest, once everything verified and was written
   * @throws dev.sentinel.backup.ArchiveRejectedException when the archive does not verify
   * @throws NotWritableOnHost when an entry needs the engine's extraction
   * @throws IOException when writing failed
   */
  public static Manifest write(Path archive, Roots roots) throws IOException {
    HostTreeWriter writer = new HostTreeWriter(roots);
    Manifest manifest;
    try {
      manifest = ArchiveVerifier.verify(archive, writer);
    } catch (ArchiveVerifier.ExtractionFailed e) {
      throw e.getCause();
    }
    writer.finishDirectories();
    return manifest;
  }

  @Override
  public boolean entry(EntryPath path, TarArchiveEntry e, InputStream in, ContentDigest digest) throws IOException {
    Optional<Path> root = resolved.get(path.volume());
    if (root == null) {
      root = roots.of(path.volume());
      resolved.put(path.volume(), root);
    }
    if (root.isEmpty()) {
      return false;
    }
    if (!e.getExtraPaxHeaders().isEmpty() || e.isSparse()) {
      throw new NotWritableOnHost("entry " + EntryPath.shown(e.getName()) + " has attributes only the engine's extraction keeps "
          + (e.isSparse() ? "(a sparse map)" : e.getExtraPaxHeaders().keySet()));
    }
    Path target = resolve(root.get(), path);
    if (!path.segments().isEmpty() && !target.getParent().equals(lastParent)) {
      enter(root.get(), target.getParent());
      lastParent = target.getParent();
    }
    if (e.isSymbolicLink()) {
      Files.createSymbolicLink(target, linkTarget(e));
      owner(target, e);
      Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW).setTimes(e.getLastModifiedTime(), null, null);
      return false;
    }
    if (e.isLink()) {
      Files.createLink(target, resolve(root.get(), EntryPath.parse(e.getLinkName())));
      return false;
    }
    if (e.isDirectory()) {
      if (!Files.isDirectory(target, NOFOLLOW)) {
        Files.createDirectory(target);
      }
      owner(target, e);
      mode(target, e);
      Files.setLastModifiedTime(target, e.getLastModifiedTime());
      for (Directory d : open) {
        if (d.path.equals(target)) {
          d.modified = e.getLastModifiedTime();  // entered before its own entry came: this is its time
        }
      }
      return false;
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.data(buffer, 0, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
      }
    }
    owner(target, e);
    mode(target, e);
    Files.setLastModifiedTime(target, e.getLastModifiedTime());
    return true;
  }

  private static Path resolve(Path root, EntryPath path) throws NotWritableOnHost {
    try {
      return path.segments().isEmpty() ? root : root.resolve(path.relative());
    } catch (InvalidPathException e) {
      throw new NotWritableOnHost("entry " + EntryPath.shown(path.relative()) + " has a name this JVM cannot write: " + e.getMessage());
    }
  }

  private static Path linkTarget(TarArchiveEntry e) throws NotWritableOnHost {
    try {
      return Path.of(e.getLinkName());
    } catch (InvalidPathException bad) {
      throw new NotWritableOnHost("entry " + EntryPath.shown(e.getName()) + " links to a name this JVM cannot write: " + bad.getMessage());
    }
  }

  /** lchown, only when the owner differs (a new file already belongs to this process). */
  private static void owner(Path target, TarArchiveEntry e) throws IOException {
    // uid_t is unsigned 32-bit; the JDK carries it in an int.
    int uid = (int) e.getLongUserId();
    int gid = (int) e.getLongGroupId();
    if (!Integer.valueOf(uid).equals(Files.getAttribute(target, "unix:uid", NOFOLLOW))) {
      Files.setAttribute(target, "unix:uid", uid, NOFOLLOW);
    }
    if (!Integer.valueOf(gid).equals(Files.getAttribute(target, "unix:gid", NOFOLLOW))) {
      Files.setAttribute(target, "unix:gid", gid, NOFOLLOW);
    }
  }

  /** chmod with the setuid, setgid and sticky bits (the tar mode field may also carry the file type: dropped). */
  private static void mode(Path target, TarArchiveEntry e) throws IOException {
    Files.setAttribute(target, "unix:mode", e.getMode() & 07777, NOFOLLOW);
  }

  /**
   * Leaves the open directories not on the way to {@code dir}, then enters those on it, making the
   * ones the archive leaves implicit as extraction makes them (none is a link: VolumeTree), each
   * after its parent's time was taken.
   */
  private void enter(Path root, Path dir) throws IOException {
    while (!open.isEmpty() && !dir.startsWith(open.peek().path)) {
      leave(open.pop());
    }
    Deque<Path> way = new ArrayDeque<>();
    for (Path p = dir; p != null && p.startsWith(root) && (open.isEmpty() || !p.equals(open.peek().path)); p = p.getParent()) {
      way.push(p);
    }
    for (Path p : way) {
      if (!Files.isDirectory(p, NOFOLLOW)) {
        Files.createDirectory(p);
      }
      open.push(new Directory(p, Files.getLastModifiedTime(p, NOFOLLOW)));
    }
  }

  private static void leave(Directory d) throws IOException {
    Files.setLastModifiedTime(d.path, d.modified);
  }

  /** Leaves every open directory, deepest first. */
  private void finishDirectories() throws IOException {
    while (!open.isEmpty()) {
      leave(open.pop());
    }
  }
}
