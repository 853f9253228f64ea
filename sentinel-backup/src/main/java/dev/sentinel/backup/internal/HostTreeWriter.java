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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * setgid and sticky bits, modification times on links themselves, and directory times last
 * (writing into a directory changes its time). What is written is only good once the whole archive
 * verified (its {@code .sha256}, every volume's digest and counts); the caller removes it otherwise.
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

  private record Directory(Path path, FileTime modified) {}

  private final Roots roots;
  private final Map<String, Optional<Path>> resolved = new HashMap<>();
  private final List<Directory> directories = new ArrayList<>();
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
      // Parents an archive leaves implicit are made as extraction makes them; none is a link (VolumeTree).
      Files.createDirectories(target.getParent());
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
      directories.add(new Directory(target, e.getLastModifiedTime()));
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

  /** Directory times last, deepest first: writing into a directory changed its time. */
  private void finishDirectories() throws IOException {
    for (int i = directories.size() - 1; i >= 0; i--) {
      Directory d = directories.get(i);
      Files.setLastModifiedTime(d.path(), d.modified());
    }
  }
}
