package dev.sentinel.dsl.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file all at once: the content goes to a private temporary file beside it, is synced,
 * gets its permissions, and is renamed over the target, so a reader (or a crash) never sees half a
 * file. Every Sentinel module writes its files this way (exported Compose files, generated Java,
 * secrets, state); tools built on the DSL may too.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("compose.yaml"), yaml.getBytes(UTF_8), AtomicFiles.permissions(0644));
 * }</pre>
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code content} to {@code file} with {@code permissions}, creating parent directories. */
  public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(content));
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, permissions);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The permissions of an octal mode such as {@code 0640}. */
  public static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return PosixFilePermissions.fromString(s.toString());
  }
}
