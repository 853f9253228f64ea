package dev.sentinel.cli.daemon;

import dev.sentinel.cli.SentinelCli;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code sentinel} entry point for the short commands ({@code plan}, {@code up}, {@code down},
 * {@code status}, {@code health}, {@code drift}) that {@code scripts/sentinel} sends here:
 * runs the command in this process's {@link DaemonServer} when one is up, else runs it here (as
 * {@link SentinelCli#main} would) and starts the daemon afterwards, in the background, for the next
 * command. The output, the exit code and what the command does are the same either way; only the
 * time differs.
 *
 * <pre>{@code
 * java -cp sentinel.jar dev.sentinel.cli.daemon.DaemonClient -f compose.yaml plan
 * java -cp sentinel.jar dev.sentinel.cli.daemon.DaemonClient daemon stop     # every daemon of this user
 * }</pre>
 *
 * <p>{@code SENTINEL_DAEMON=0} runs every command here and starts no daemon. A command with an
 * argument naming standard input or a file descriptor ({@code -}, {@code /dev/...},
 * {@code /proc/self/...}) runs here: a daemon could not read it.
 */
public final class DaemonClient {
  private static final Duration STARTING_FOR_AT_MOST = Duration.ofMinutes(1);
  /** The value of {@code SENTINEL_DAEMON} for scripts/sentinel's class-list run (see main). */
  private static final String CLASS_LIST_RUN = "class-list";

  private DaemonClient() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 1 && args[0].equals("daemon")) {
      // Here, never in a daemon; anything but status or stop (--help, a mistake) as picocli answers it.
      boolean action = args.length == 1 || args.length == 2 && (args[1].equals("status") || args[1].equals("stop"));
      System.exit(action ? manage(Arrays.asList(args).subList(1, args.length), new PrintWriter(System.out, true),
          new PrintWriter(System.err, true)) : SentinelCli.execute(args));
    }
    // Up to the answer, this path uses no lambda and no string concatenation: each would set up
    // java.lang.invoke in this short-lived JVM, at 20 to 60 ms of a 0.3 s run (measured, 2 cores).
    String mode = System.getenv("SENTINEL_DAEMON");
    Optional<DaemonProtocol.Identity> identity = "0".equals(mode) || !daemonMayRun(args)
        ? Optional.empty() : DaemonProtocol.Identity.current();
    Path socket = identity.isPresent() ? DaemonProtocol.socketPath(identity.get()).orElse(null) : null;
    // CLASS_LIST_RUN: scripts/sentinel's run that lists the classes for a class-data archive. It
    // runs the command here, and neither uses nor starts a daemon, but goes the client's way first,
    // so the list (and the archive) holds the classes that every later run loads before it connects:
    // without them a run opens and reads the whole jar to find them (measured: 0.1 s under load).
    if (socket == null || CLASS_LIST_RUN.equals(mode)) {
      System.exit(SentinelCli.execute(args));
    }
    SocketChannel channel = connect(socket);
    if (channel != null) {
      OptionalInt code = runInDaemon(channel, identity.get(), args);
      if (code.isPresent()) {
        System.exit(code.getAsInt());
      }
    }
    int code = SentinelCli.execute(args);
    System.out.flush();
    System.err.flush();
    if (channel == null) {
      startDaemon(socket); // none listening; one that answered (busy) stays the only one
    }
    System.exit(code);
  }

  /** A connection to the daemon listening on {@code socket}, or null when none does. */
  private static SocketChannel connect(Path socket) {
    if (!Files.exists(socket)) {
      return null;
    }
    useTheJdksSelectorProvider();
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
      } catch (IOException e) {
        channel.close();
        return null; // a daemon that ended without removing its socket
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Names the JDK's own selector provider on Linux, the one {@link SelectorProvider#provider()}
   * would end with: else its first call (in {@code SocketChannel.open}) asks {@code ServiceLoader}
   * for another, which opens and indexes every jar on the class path, our 30 MB one too (measured:
   * 30 to 60 ms of a client's 0.3 s run under load). Left alone when the property is set, or the
   * JDK has no such class.
   */
  private static void useTheJdksSelectorProvider() {
    String property = "java.nio.channels.spi.SelectorProvider";
    String linux = "sun.nio.ch.EPollSelectorProvider";
    if (System.getProperty(property) != null || !"Linux".equals(System.getProperty("os.name"))) {
      return;
    }
    try {
      Class.forName(linux, false, null);
      System.setProperty(property, linux);
    } catch (ClassNotFoundException | LinkageError e) {
      // another JDK: its lookup as usual
    }
  }

  /**
   * Whether a daemon can run {@code args}: not when one names standard input or a file descriptor,
   * which only this process can read ({@code -f <(generate)} is {@code /dev/fd/63}).
   */
  static boolean daemonMayRun(String[] args) {
    for (String arg : args) {
      if (arg.equals("-") || arg.startsWith("/dev/") || arg.startsWith("/proc/") || arg.contains("=/dev/") || arg.contains("=/proc/")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The command's exit code after the daemon on {@code channel} ran it; empty when it did not run
   * it (busy, or not this process's daemon).
   */
  private static OptionalInt runInDaemon(SocketChannel channel, DaemonProtocol.Identity identity, String[] args) {
    boolean started = false;
    try (channel) {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      out.writeInt(DaemonProtocol.MAGIC);
      out.writeInt(DaemonProtocol.VERSION);
      out.writeByte(DaemonProtocol.RUN);
      identity.write(out);
      out.writeBoolean(System.console() != null);
      DaemonProtocol.writeStrings(out, Arrays.asList(args));
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
      while (true) {
        byte kind = in.readByte();
        switch (kind) {
          case DaemonProtocol.STARTED -> started = true;
          case DaemonProtocol.OUT, DaemonProtocol.ERR -> {
            byte[] bytes = in.readNBytes(in.readInt());
            // System.out and System.err swallow a closed pipe, as the command's own process does.
            PrintStream target = kind == DaemonProtocol.OUT ? System.out : System.err;
            target.write(bytes, 0, bytes.length);
            target.flush();
          }
          case DaemonProtocol.EXIT -> {
            return OptionalInt.of(in.readInt());
          }
          default -> {
            if (!started && kind == DaemonProtocol.REFUSED) {
              return OptionalInt.empty();
            }
            throw new IOException("unexpected frame " + kind);
          }
        }
      }
    } catch (IOException e) {
      if (!started) {
        return OptionalInt.empty(); // the daemon ended before it took the command
      }
      // The command started in the daemon and may have changed things: running it again here could
      // do it twice. Said as it is, with the exit code of a failed operation.
      System.err.println("sentinel: the daemon running this command ended before it finished (" + e.getMessage()
          + "); check with `sentinel status` before running it again");
      return OptionalInt.of(1);
    }
  }

  /**
   * Starts a daemon for {@code socket} in the background, unless one is already starting: with this
   * process's environment and working directory (a child inherits them), in a session of its own
   * (a closed terminal does not end it), output to a log beside the socket.
   */
  private static void startDaemon(Path socket) {
    Path starting = Path.of(socket + ".starting");
    try {
      try {
        Files.createFile(starting);
      } catch (FileAlreadyExistsException e) {
        if (Files.getLastModifiedTime(starting).toInstant().isAfter(Instant.now().minus(STARTING_FOR_AT_MOST))) {
          return;
        }
        Files.setLastModifiedTime(starting, FileTime.from(Instant.now()));
      }
      List<String> command = new ArrayList<>();
      if (new File("/usr/bin/setsid").canExecute()) {
        command.add("/usr/bin/setsid");
      }
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // A small heap to start with, given back when unused: a daemon idles more than it works.
      command.addAll(List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"));
      // C1 only: a daemon's commands wait on the engine, not on their own code, and C2's compiles,
      // still going after several commands, took CPU from the engine during an up (measured on 2
      // CPUs, a warm daemon's CPU time per cold up of the bench stack: 0.9-1.4 s, 0.3-0.35 s with C1).
      command.add("-XX:TieredStopAtLevel=1");
      // The class-data archive this process maps (scripts/sentinel names it): most of what the
      // daemon loads is in it.
      String archive = System.getProperty("sentinel.cds");
      if (archive != null && Files.isRegularFile(Path.of(archive))) {
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off"));
      }
      String extra = System.getenv("SENTINEL_JAVA_OPTS");
      if (extra != null && !extra.isBlank()) {
        command.addAll(Arrays.asList(extra.strip().split("\\s+")));
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), DaemonServer.class.getName(), socket.toString()));
      new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(Path.of(socket + ".log").toFile()).redirectErrorStream(true).start();
    } catch (IOException | RuntimeException e) {
      // no daemon this time: the next command runs on its own again
    }
  }

  /** {@code daemon stop}: ends every daemon of this user (each once its command, if any, is done); {@code daemon status}: lists them. */
  public static int manage(List<String> args, PrintWriter out, PrintWriter err) {
    try {
      return manageDaemons(args, out, err);
    } catch (IOException e) {
      err.println("sentinel: daemon: " + e.getMessage());
      return 1;
    }
  }

  private static int manageDaemons(List<String> args, PrintWriter out, PrintWriter err) throws IOException {
    String action = args.isEmpty() ? "status" : args.get(0);
    if (!action.equals("stop") && !action.equals("status") || args.size() > 1) {
      err.println("sentinel: usage: sentinel daemon [status|stop]");
      return 2;
    }
    Optional<Path> directory = DaemonProtocol.socketDirectory();
    if (directory.isEmpty()) {
      out.println("no daemons (no private socket directory)");
      return 0;
    }
    int found = 0;
    try (DirectoryStream<Path> sockets = Files.newDirectoryStream(directory.get(), "*.sock")) {
      for (Path socket : sockets) {
        found++;
        if (action.equals("status")) {
          out.println(socket);
          continue;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          channel.connect(UnixDomainSocketAddress.of(socket));
          DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
          request.writeInt(DaemonProtocol.MAGIC);
          request.writeInt(DaemonProtocol.VERSION);
          request.writeByte(DaemonProtocol.STOP);
          request.flush();
          Channels.newInputStream(channel).readAllBytes();
        } catch (IOException e) {
          Files.deleteIfExists(socket); // nothing listens on it any more
        }
        out.println("stopped " + socket);
      }
    }
    if (found == 0) {
      out.println("no daemons");
    }
    return 0;
  }
}
