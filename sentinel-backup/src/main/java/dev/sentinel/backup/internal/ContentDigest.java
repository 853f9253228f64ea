package dev.sentinel.backup.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The digest of one volume's content stream: for each entry in order, its path (relative to the
 * volume), type, mode, owner, mtime, link target and size, then its data. Backup and verify compute
 * it the same way from the same entries, so any change to names, metadata or bytes shows.
 */
public final class ContentDigest {
  private final MessageDigest sha256;
  private long entries;
  private long bytes;

  public ContentDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds an entry's header; {@code relativePath} is its path inside the volume ("" for the root). */
  public void header(String relativePath, TarArchiveEntry e) {
    entries++;
    String header = relativePath + '\0' + (char) e.getLinkFlag() + '\0' + e.getMode() + '\0' + e.getLongUserId() + '\0'
        + e.getLongGroupId() + '\0' + e.getLastModifiedTime().toMillis() / 1000 + '\0' + e.getLinkName() + '\0' + e.getSize() + '\0';
    sha256.update(header.getBytes(StandardCharsets.UTF_8));
  }

  public void data(byte[] buffer, int offset, int length) {
    sha256.update(buffer, offset, length);
    bytes += length;
  }

  public long entries() {
    return entries;
  }

  public long bytes() {
    return bytes;
  }

  public String hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
