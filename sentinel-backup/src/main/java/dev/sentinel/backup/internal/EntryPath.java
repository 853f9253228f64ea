package dev.sentinel.backup.internal;

import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableList;
import dev.sentinel.backup.ArchiveRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name, parsed rather than compared as a string: split into segments, empty
 * and {@code .} segments dropped, anything that could climb out refused. Every check and every
 * name Sentinel writes uses the parsed form, so {@code volumes/v/./escape/x}, {@code
 * volumes/v//escape/x} and {@code volumes/v/escape/x} are one and the same path.
 *
 * <p>Refused: an absolute name, a {@code ..} segment, a NUL, a path inside the volume over {@value
 * #MAX_NAME_BYTES} bytes or a segment over {@value #MAX_SEGMENT_BYTES} (Linux's limits), and
 * anything not below {@code volumes/<volume>/}.
 *
 * @param volume the volume the entry belongs to
 * @param segments its path inside the volume, normalised; empty for the volume's root
 */
public record EntryPath(String volume, List<String> segments) {
  static final int MAX_NAME_BYTES = 4096;
  static final int MAX_SEGMENT_BYTES = 255;
  private static final String VOLUMES = "volumes";

  public EntryPath {
    segments = ImmutableList.copyOf(segments);
  }

  /** Parses the name of an entry of a volume's tree; {@code name} is named in every refusal. */
  public static EntryPath parse(String name) {
    if (name.indexOf('\0') >= 0) {
      throw refuse(name, "its path contains a NUL character");
    }
    if (name.startsWith("/")) {
      throw refuse(name, "it has an absolute path");
    }
    List<String> all = new ArrayList<>();
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        throw refuse(name, "its path has a '..' segment");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw refuse(name, "a segment of its path is longer than " + MAX_SEGMENT_BYTES + " bytes");
      }
      all.add(segment);
    }
    if (all.isEmpty() || !all.get(0).equals(VOLUMES)) {
      throw refuse(name, "it is not described by the manifest (not under volumes/)");
    }
    if (all.size() < 2) {
      throw refuse(name, "it names no volume");
    }
    EntryPath path = new EntryPath(all.get(1), all.subList(2, all.size()));
    if (path.relative().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw refuse(name, "its path inside the volume is longer than " + MAX_NAME_BYTES + " bytes");
    }
    return path;
  }

  /** The path inside the volume, e.g. {@code conf/app.yml}; "" for the root. */
  public String relative() {
    return Joiner.on('/').join(segments);
  }

  /** The path under another root, e.g. {@code mnt/conf/app.yml} for {@code mnt}. */
  public String under(String root) {
    return segments.isEmpty() ? root + "/" : root + "/" + relative();
  }

  static ArchiveRejectedException refuse(String entry, String why) {
    return new ArchiveRejectedException("entry " + shown(entry) + " is refused: " + why);
  }

  /**
   * An entry name as messages show it: as it is when plain, else quoted with control characters
   * escaped, so that an empty name, a NUL or a newline cannot hide or forge part of a message.
   */
  public static String shown(String name) {
    if (!name.isEmpty() && name.codePoints().allMatch(c -> c > ' ' && c != '"' && c != '\\' && !Character.isISOControl(c))) {
      return name;
    }
    StringBuilder quoted = new StringBuilder("\"");
    name.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        quoted.append('\\').appendCodePoint(c);
      } else if (c < ' ' || Character.isISOControl(c)) {
        quoted.append(String.format("\\u%04x", c));
      } else {
        quoted.appendCodePoint(c);
      }
    });
    return quoted.append('"').toString();
  }
}
