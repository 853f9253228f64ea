package dev.sentinel.backup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge of the generated-archive tests, written independently of Sentinel's checks: where a
 * naive extractor would write each entry — one that trusts entry names and lets the kernel resolve
 * them ({@code ..} climbing, every symbolic link on the way followed, the last one too when a file is
 * written, missing parents created) — over a model filesystem with
 * {@code /etc/passwd} in it. The archive is extracted at {@value #ROOT}; volume {@code v} lives
 * at {@code /x/volumes/v}. An archive is hostile when any write, or the file a hard link exposes,
 * lands outside that directory.
 *
 * <p>Entry names are taken as the tar reader gives them ({@code name} is the reader's): a leading
 * {@code /} in a ustar name reaches us, and counts as absolute here; in a PAX or GNU long-name
 * record the reader drops it, as GNU tar does.
 */
final class NaiveExtraction {
  static final String ROOT = "/x";
  static final String VOLUME = ROOT + "/volumes/v";

  private enum Type { DIRECTORY, FILE, SYMLINK }

  private record Node(Type type, String target) {}

  private final Map<String, Node> fs = new HashMap<>();
  private final List<String> escapes = new ArrayList<>();

  NaiveExtraction() {
    for (String dir : List.of("/", "/etc", ROOT, ROOT + "/volumes", VOLUME)) {
      fs.put(dir, new Node(Type.DIRECTORY, null));
    }
    fs.put("/etc/passwd", new Node(Type.FILE, null));
  }

  /** What escaped, e.g. {@code write /etc/passwd}; empty when everything stayed inside the volume. */
  List<String> escapes() {
    return escapes;
  }

  /** Extracts one entry; {@code type} is {@code dir}, {@code file}, {@code symlink} or {@code hardlink}. */
  void extract(String name, String type, String linkTarget) {
    try {
      List<String> parts = parts(name.startsWith("/") ? name : ROOT + "/" + name);
      List<String> parent = parts.isEmpty() ? List.of() : parts.subList(0, parts.size() - 1);
      String last = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
      String dir = resolve(parent, true, true);
      String path = last.equals("..") ? parentOf(dir) : last.isEmpty() ? dir : join(dir, last);
      switch (type) {
        case "dir" -> {
          String at = fs.containsKey(path) ? resolve(parts(path), true, false) : path;
          fs.putIfAbsent(at, new Node(Type.DIRECTORY, null));
          written(at);
        }
        case "file" -> {
          String at = fs.containsKey(path) ? resolve(parts(path), true, false) : path;
          fs.put(at, new Node(Type.FILE, null));
          written(at);
        }
        case "symlink" -> {
          fs.put(path, new Node(Type.SYMLINK, linkTarget));
          written(path);
        }
        case "hardlink" -> {
          String source = resolve(parts(linkTarget.startsWith("/") ? linkTarget : ROOT + "/" + linkTarget), true, false);
          if (!inside(source)) {
            escapes.add("hard link to " + source);
          }
          fs.put(path, new Node(Type.FILE, null));
          written(path);
        }
        default -> throw new IllegalArgumentException(type);
      }
    } catch (ExtractionFails e) {
      // The extractor reports the entry and goes on with the next one.
    }
  }

  private void written(String path) {
    if (!inside(path)) {
      escapes.add("write " + path);
    }
  }

  private static boolean inside(String path) {
    return path.equals(VOLUME) || path.startsWith(VOLUME + "/");
  }

  /** Resolves {@code parts} from the root as the kernel would; creates missing directories when asked. */
  private String resolve(List<String> parts, boolean followLast, boolean createMissing) {
    Deque<String> rest = new ArrayDeque<>(parts);
    String current = "/";
    int hops = 0;
    while (!rest.isEmpty()) {
      String part = rest.pop();
      if (part.equals("..")) {
        current = parentOf(current);
        continue;
      }
      String next = join(current, part);
      Node node = fs.get(next);
      boolean last = rest.isEmpty();
      if (node != null && node.type() == Type.SYMLINK && (!last || followLast)) {
        if (++hops > 40) {
          throw new ExtractionFails();
        }
        List<String> target = parts(node.target());
        for (int i = target.size() - 1; i >= 0; i--) {
          rest.push(target.get(i));
        }
        if (node.target().startsWith("/")) {
          current = "/";
        }
        continue;
      }
      if (node == null && !last) {
        if (!createMissing) {
          throw new ExtractionFails();
        }
        fs.put(next, new Node(Type.DIRECTORY, null));
        written(next);
      } else if (node != null && node.type() == Type.FILE && !last) {
        throw new ExtractionFails();
      }
      current = next;
    }
    return current;
  }

  private static List<String> parts(String path) {
    return Arrays.stream(path.split("/")).filter(p -> !p.isEmpty() && !p.equals(".")).toList();
  }

  private static String join(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** ENOTDIR, ELOOP, ENOENT: the entry is not extracted. */
  private static final class ExtractionFails extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExtractionFails() {
      super(null, null, false, false);
    }
  }
}
