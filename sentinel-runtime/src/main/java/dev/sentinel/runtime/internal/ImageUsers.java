package dev.sentinel.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The users and groups an image defines ({@code /etc/passwd}, {@code /etc/group}), read through the
 * archive API from a container made from it, so a service that runs as a named user ({@code
 * user: redis}) gets its secret files owned by that user, as the engine would resolve the name.
 */
final class ImageUsers {
  static final ImageUsers NONE = new ImageUsers(Map.of(), Map.of(), Map.of());

  private final Map<String, Integer> uids;
  private final Map<String, Integer> primaryGids;
  private final Map<String, Integer> gids;

  private ImageUsers(Map<String, Integer> uids, Map<String, Integer> primaryGids, Map<String, Integer> gids) {
    this.uids = uids;
    this.primaryGids = primaryGids;
    this.gids = gids;
  }

  /** The image's users and groups; none when it has no such files (a scratch image). */
  static ImageUsers read(EngineClients clients, String container) {
    Map<String, Integer> uids = new HashMap<>();
    Map<String, Integer> primary = new HashMap<>();
    Map<String, Integer> groups = new HashMap<>();
    for (String line : file(clients, container, "/etc/passwd").split("\n")) {
      String[] f = line.split(":");
      if (f.length >= 4 && isNumber(f[2]) && isNumber(f[3])) {
        uids.putIfAbsent(f[0], Integer.parseInt(f[2]));
        primary.putIfAbsent(f[0], Integer.parseInt(f[3]));
      }
    }
    for (String line : file(clients, container, "/etc/group").split("\n")) {
      String[] f = line.split(":");
      if (f.length >= 3 && isNumber(f[2])) {
        groups.putIfAbsent(f[0], Integer.parseInt(f[2]));
      }
    }
    return new ImageUsers(uids, primary, groups);
  }

  /** The uid of {@code user} (a name or a number). */
  OptionalInt uid(String user) {
    if (isNumber(user)) {
      return OptionalInt.of(Integer.parseInt(user));
    }
    Integer uid = uids.get(user);
    return uid == null ? OptionalInt.empty() : OptionalInt.of(uid);
  }

  /** The gid of {@code group} (a name or a number), or else {@code user}'s primary group. */
  OptionalInt gid(String user, String group) {
    if (!group.isEmpty()) {
      Integer gid = isNumber(group) ? Integer.valueOf(group) : gids.get(group);
      return gid == null ? OptionalInt.empty() : OptionalInt.of(gid);
    }
    Integer gid = primaryGids.get(user);
    return gid == null ? OptionalInt.empty() : OptionalInt.of(gid);
  }

  private static String file(EngineClients clients, String container, String path) {
    try (InputStream archive = clients.getArchive(container, path); TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
      TarArchiveEntry entry = tar.getNextEntry();
      return entry == null || !entry.isFile() ? "" : new String(tar.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException missing) {
      return ""; // no such file in the image
    }
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
  }
}
