package dev.sentinel.cli.daemon;

import com.google.common.hash.Hashing;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a client and a daemon agree on: which daemon serves which process, and the bytes between
 * them.
 *
 * <p>A daemon serves only a process that it could have been itself: the same class path (each
 * file's size and modification time), the same {@code java}, working directory, umask and
 * environment (but for the few variables a shell sets per process). Those make its key, hence its
 * socket's name, and the daemon compares them again on every request, so a relative path, a
 * {@code DOCKER_HOST} or a rebuilt stack jar mean the same to it as to a process started for the
 * command.
 *
 * <p>Frames, daemon to client: a kind byte, then {@code 'N'} a string: the command was not run
 * (busy, or not this process's daemon), run it yourself; or {@code 'S'}: the command runs here, and
 * then {@code 'O'}/{@code 'E'} an int length and that many bytes of standard output/error, {@code
 * 'X'} the exit code (int, last frame). A connection that ends after {@code 'S'} and before {@code
 * 'X'} ended the command midway: it must not be run again.
 */
final class DaemonProtocol {
  static final int MAGIC = 0x534e5444; // "SNTD"
  static final int VERSION = 1;
  static final byte RUN = 'R';
  static final byte STOP = 'S';
  static final byte STARTED = 'S';
  static final byte OUT = 'O';
  static final byte ERR = 'E';
  static final byte EXIT = 'X';
  static final byte REFUSED = 'N';
  /** The longest socket path used: what the JDK binds on Linux (106 bytes, measured) less the temporary name's {@code .<pid>.tmp}. */
  static final int MAX_SOCKET_PATH = 106 - ".4194304.tmp".length();
  /** Set by a shell per process or per directory change: not part of what a command sees. */
  private static final Set<String> PER_PROCESS_VARIABLES = Set.of("_", "SHLVL", "OLDPWD", "PWD");

  private DaemonProtocol() {}

  /**
   * What identifies the process a daemon stands in for.
   *
   * @param build each class path entry with its size and modification time
   * @param javaHome the {@code java.home} running it
   * @param workingDirectory {@code user.dir}
   * @param umask the process's umask ("" when the kernel does not say)
   * @param environment the environment without {@link #PER_PROCESS_VARIABLES}, sorted
   */
  record Identity(String build, String javaHome, String workingDirectory, String umask, Map<String, String> environment) {
    /** This process's. Empty when a daemon cannot stand in for it (a directory on the class path: its changes cannot be seen cheaply). */
    static Optional<Identity> current() {
      Optional<String> build = currentBuild();
      return build.isEmpty() ? Optional.empty()
          : Optional.of(of(build.get(), System.getProperty("java.home"), System.getProperty("user.dir"), currentUmask(), System.getenv()));
    }

    /** Each class path file of this process with its size and modification time; empty when an entry is not a file. */
    static Optional<String> currentBuild() {
      StringBuilder build = new StringBuilder();
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path path = Path.of(entry);
        try {
          if (!Files.isRegularFile(path)) {
            return Optional.empty();
          }
          build.append(path.toAbsolutePath()).append('|').append(Files.size(path)).append('|')
              .append(Files.getLastModifiedTime(path).toMillis()).append('\n');
        } catch (IOException e) {
          return Optional.empty();
        }
      }
      return Optional.of(build.toString());
    }

    /** An identity with {@code environment} as a process sees it (the per-process variables are left out here). */
    static Identity of(String build, String javaHome, String workingDirectory, String umask, Map<String, String> environment) {
      Map<String, String> env = new TreeMap<>(environment);
      env.keySet().removeAll(PER_PROCESS_VARIABLES);
      return new Identity(build, javaHome, workingDirectory, umask, env);
    }

    /**
     * The daemon's key: a hash of all of it, short enough for a socket path. Not a cryptographic
     * one (the security provider's set-up alone took 20 to 40 ms of a client's run): the key only
     * finds the socket, in a directory no one else can write to, and the daemon compares the whole
     * identity before it runs anything.
     */
    String key() {
      StringBuilder text = new StringBuilder().append(build).append('\0').append(javaHome).append('\0').append(workingDirectory)
          .append('\0').append(umask).append('\0');
      for (Map.Entry<String, String> e : environment.entrySet()) {
        text.append(e.getKey()).append('=').append(e.getValue()).append('\0');
      }
      return Hashing.murmur3_128().hashString(text, StandardCharsets.UTF_8).toString();
    }

    /** Why {@code other} is not the same process, or empty. */
    Optional<String> difference(Identity other) {
      if (!build.equals(other.build)) {
        return Optional.of("the class path changed");
      }
      if (!javaHome.equals(other.javaHome)) {
        return Optional.of("another java");
      }
      if (!workingDirectory.equals(other.workingDirectory)) {
        return Optional.of("another working directory");
      }
      if (!umask.equals(other.umask)) {
        return Optional.of("another umask");
      }
      if (!environment.equals(other.environment)) {
        return Optional.of("another environment");
      }
      return Optional.empty();
    }

    void write(DataOutputStream out) throws IOException {
      writeString(out, build);
      writeString(out, javaHome);
      writeString(out, workingDirectory);
      writeString(out, umask);
      out.writeInt(environment.size());
      for (Map.Entry<String, String> e : environment.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    }

    static Identity read(DataInputStream in) throws IOException {
      String build = readString(in);
      String java = readString(in);
      String dir = readString(in);
      String umask = readString(in);
      int count = in.readInt();
      checkCount(count);
      Map<String, String> env = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        env.put(readString(in), readString(in));
      }
      return new Identity(build, java, dir, umask, env);
    }
  }

  /** The umask from /proc/self/status ("" where the kernel does not report it). */
  private static String currentUmask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return line.substring(6).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: the umask is then not compared
    }
    return "";
  }

  /**
   * The socket of {@code identity}'s daemon in {@link #socketDirectory()}; empty when there is no
   * such directory or the path is too long to bind (106 bytes for the JDK on Linux), also under
   * the longer temporary name the daemon binds first ({@code <socket>.<pid>.tmp}, a pid of up to 7
   * digits).
   */
  static Optional<Path> socketPath(Identity identity) {
    Optional<Path> directory = socketDirectory();
    return directory.isEmpty() ? Optional.empty() : socketIn(directory.get(), identity);
  }

  /** {@code identity}'s socket in {@code directory}; see {@link #socketPath(Identity)}. */
  static Optional<Path> socketIn(Path directory, Identity identity) {
    Path socket = directory.resolve(identity.key().concat(".sock"));
    return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH ? Optional.of(socket) : Optional.empty();
  }

  /**
   * The directory of this user's daemon sockets, made private (0700) if absent; empty when it exists
   * but is not this user's private directory (another user could then bind a socket in it).
   */
  static Optional<Path> socketDirectory() {
    return socketDirectory(System.getenv("XDG_RUNTIME_DIR"), System.getProperty("user.name"), Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** {@code $XDG_RUNTIME_DIR/sentinel} when that is set, else {@code <tmp>/sentinel-daemon-<user>}; see {@link #socketDirectory()}. */
  static Optional<Path> socketDirectory(String runtime, String user, Path tmp) {
    Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "sentinel") : tmp.resolve("sentinel-daemon-".concat(user));
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // checked below like any existing one
        }
      }
      PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      boolean ours = attributes.isDirectory() && attributes.owner().getName().equals(user)
          && attributes.permissions().equals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
      return ours ? Optional.of(dir) : Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (1 << 24)) {
      throw new IOException("a string of " + length + " bytes: not a sentinel client");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  static List<String> readStrings(DataInputStream in) throws IOException {
    int count = in.readInt();
    checkCount(count);
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(readString(in));
    }
    return strings;
  }

  static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  private static void checkCount(int count) throws IOException {
    if (count < 0 || count > 100_000) {
      throw new IOException("a count of " + count + ": not a sentinel client");
    }
  }

  static int readMagic(DataInputStream in) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      return -1;
    }
  }
}
