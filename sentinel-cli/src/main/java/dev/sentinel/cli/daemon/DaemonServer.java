package dev.sentinel.cli.daemon;

import dev.sentinel.cli.SentinelCli;
import dev.sentinel.runtime.Engine;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A warm JVM that runs the short commands of one process identity (see {@link DaemonProtocol}) for
 * {@link DaemonClient}s, one at a time: what a command costs is then its own work, not the JVM's
 * start, class loading and first, interpreted runs.
 *
 * <p>For the length of a command the daemon is that command's process. Its output goes to the
 * client frame by frame, its exit code last. When the client goes away before the end (Ctrl-C,
 * kill), the daemon halts at once, as the process would have been killed: no cleanup runs that a
 * killed process would not have run, and the next command finds no daemon and runs on its own.
 *
 * <p>It ends by itself after {@link #IDLE} without a command, when its socket is removed or
 * replaced, or when a file of its class path changes.
 */
public final class DaemonServer {
  static final Duration IDLE = Duration.ofMinutes(15);
  private static final PrintStream ORIGINAL_OUT = System.out;
  private static final PrintStream ORIGINAL_ERR = System.err;

  private final Path socket;
  private final DaemonProtocol.Identity identity;
  private final Semaphore running = new Semaphore(1);
  private volatile long lastCommandEnded = System.nanoTime();
  private volatile boolean stopRequested;

  private DaemonServer(Path socket, DaemonProtocol.Identity identity) {
    this.socket = socket;
    this.identity = identity;
  }

  /** {@code args[0]}: the socket to serve on (a client chooses it: see {@link DaemonProtocol.Identity#key}). */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path socket = Path.of(args[0]);
    Path starting = Path.of(args[0] + ".starting");
    try {
      Optional<DaemonProtocol.Identity> identity = DaemonProtocol.Identity.current();
      if (identity.isEmpty()) {
        return;
      }
      // Commands here follow one another: a plan may reuse what an earlier one read of a container, while the engine says it is unchanged.
      Engine.keepInspectionsBetweenCommands();
      warmUp();
      new DaemonServer(socket, identity.get()).serve(starting);
    } finally {
      Files.deleteIfExists(starting);
    }
    // Threads a command left behind must not keep an ended daemon alive.
    System.exit(0);
  }

  /**
   * Runs what most commands run, short of the engine (a Compose file of {@link #WARM_UP_STACK}'s
   * kind imported, resolved and linted; the Docker client made for a socket nothing listens on,
   * never called), a few times, so that the first commands are not the ones loading and compiling it.
   */
  private static void warmUp() throws IOException {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    Path dir = Files.createTempDirectory("sentinel-daemon-warm-up");
    System.setErr(discard); // the HTTP client's notes on the socket that is not there
    try {
      Path compose = Files.writeString(dir.resolve("compose.yaml"), WARM_UP_STACK);
      for (int i = 0; i < 3; i++) {
        SentinelCli.execute(new String[] {"--help"}, discard, discard, false);
        SentinelCli.execute(new String[] {"-f", compose.toString(), "lint"}, discard, discard, false);
        SentinelCli.execute(new String[] {"-f", compose.toString(), "-H", "unix://" + dir.resolve("none.sock"), "status"}, discard, discard, false);
      }
    } finally {
      System.setErr(ORIGINAL_ERR);
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static final String WARM_UP_STACK = """
      name: warm-up
      services:
        db:
          image: example/db:1
          healthcheck: {test: ["CMD", "true"], interval: 1s}
          volumes: ["data:/data"]
          networks: [backend]
        api:
          image: example/api:1
          depends_on: {db: {condition: service_healthy}}
          ports: ["127.0.0.1:8080:8080"]
          environment: {MODE: warm}
          networks: [backend]
      networks:
        backend: {}
      volumes:
        data: {}
      """;

  private void serve(Path starting) throws IOException, InterruptedException {
    // Bound under a name of its own, then renamed into place: a client never finds a socket that
    // is not listening yet.
    Path bound = socket.resolveSibling(socket.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(bound);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      server.bind(UnixDomainSocketAddress.of(bound));
      Files.move(bound, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Object socketKey = fileKey(socket);
      Files.deleteIfExists(starting);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        selector.select(1000);
        selector.selectedKeys().clear();
        SocketChannel client;
        while ((client = server.accept()) != null) {
          client.configureBlocking(true);
          SocketChannel accepted = client;
          Thread worker = new Thread(() -> handle(accepted), "sentinel-daemon-request");
          worker.setDaemon(true);
          worker.start();
        }
        Optional<String> end = reasonToEnd(socketKey);
        if (end.isPresent() && running.tryAcquire()) {
          // An ordinary end leaves nothing behind (a halted daemon's log stays for a look); a
          // socket and log replaced by another daemon's are that one's.
          if (Objects.equals(fileKey(socket), socketKey)) {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(Path.of(socket + ".log"));
          }
          return;
        }
      }
    }
  }

  private Optional<String> reasonToEnd(Object socketKey) {
    if (stopRequested) {
      return Optional.of("asked to stop");
    }
    if (!Objects.equals(fileKey(socket), socketKey)) {
      return Optional.of("its socket was removed or replaced");
    }
    if (running.availablePermits() > 0 && System.nanoTime() - lastCommandEnded > IDLE.toNanos()) {
      return Optional.of("idle");
    }
    // Once a second: only the class path files are read, not the environment or /proc.
    if (!DaemonProtocol.Identity.currentBuild().equals(Optional.of(identity.build()))) {
      return Optional.of("its class path changed");
    }
    return Optional.empty();
  }

  private static Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private void handle(SocketChannel channel) {
    try (channel) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
      // Buffered, and flushed after each frame: a frame goes out in one write.
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
      UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!peer.user().getName().equals(System.getProperty("user.name"))) {
        return; // another user's process: the directory's mode should have kept it out already
      }
      if (DaemonProtocol.readMagic(in) != DaemonProtocol.MAGIC || in.readInt() != DaemonProtocol.VERSION) {
        refuse(out, "another version of the protocol");
        return;
      }
      byte kind = in.readByte();
      if (kind == DaemonProtocol.STOP) {
        stopRequested = true; // the accept loop ends once no command runs
        out.writeByte(DaemonProtocol.EXIT);
        out.writeInt(0);
        out.flush();
        return;
      }
      DaemonProtocol.Identity client = DaemonProtocol.Identity.read(in);
      boolean terminal = in.readBoolean();
      List<String> args = DaemonProtocol.readStrings(in);
      Optional<String> difference = identity.difference(client);
      if (difference.isPresent()) {
        refuse(out, "not this process's daemon: " + difference.get());
        return;
      }
      if (!running.tryAcquire()) {
        refuse(out, "busy with another command");
        return;
      }
      try {
        run(channel, out, terminal, args);
      } finally {
        lastCommandEnded = System.nanoTime();
        running.release();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away before its command started, or sent something else: nothing ran
    }
  }

  private void run(SocketChannel channel, DataOutputStream out, boolean terminal, List<String> args) throws IOException {
    out.writeByte(DaemonProtocol.STARTED);
    out.flush();
    AtomicBoolean finished = new AtomicBoolean();
    watchForHangUp(channel, finished);
    PrintStream stdout = new PrintStream(new FrameStream(out, DaemonProtocol.OUT), true);
    PrintStream stderr = new PrintStream(new FrameStream(out, DaemonProtocol.ERR), true);
    // Loggers (slf4j-simple) look System.err up on every line: the command's own standard error.
    System.setOut(stdout);
    System.setErr(stderr);
    int code;
    long began = System.nanoTime();
    try {
      code = SentinelCli.execute(args.toArray(String[]::new), stdout, stderr, terminal);
    } catch (Throwable t) {
      // What a process would have printed dying of it; then this JVM is not to be trusted again.
      t.printStackTrace(stderr);
      code = 1;
      Files.deleteIfExists(socket);
    } finally {
      stdout.flush();
      stderr.flush();
      System.setOut(ORIGINAL_OUT);
      System.setErr(ORIGINAL_ERR);
    }
    // The daemon's log (beside its socket): one line per command, without its arguments.
    ORIGINAL_ERR.printf("%s ran a command: exit %d after %d ms%n", java.time.Instant.now(), code, (System.nanoTime() - began) / 1_000_000);
    synchronized (out) {
      finished.set(true);
      out.writeByte(DaemonProtocol.EXIT);
      out.writeInt(code);
      out.flush();
    }
  }

  /**
   * The client sends nothing after its request; a read that ends means it is gone (Ctrl-C, kill):
   * the command's process would have died there, so the daemon does.
   */
  private void watchForHangUp(SocketChannel channel, AtomicBoolean finished) {
    Thread watcher = new Thread(() -> {
      try {
        while (channel.read(ByteBuffer.allocate(1)) >= 0) {
          // a client writes nothing more: ignore whatever comes
        }
      } catch (IOException e) {
        // closed: the same as an end of stream
      }
      if (!finished.get()) {
        try {
          Files.deleteIfExists(socket);
        } catch (IOException e) {
          // halting anyway; the next client finds the socket refusing and runs on its own
        }
        Runtime.getRuntime().halt(130);
      }
    }, "sentinel-daemon-hangup");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void refuse(DataOutputStream out, String reason) throws IOException {
    out.writeByte(DaemonProtocol.REFUSED);
    DaemonProtocol.writeString(out, reason);
    out.flush();
  }

  /** Bytes written to it go to the client as frames of one kind. */
  private static final class FrameStream extends OutputStream {
    private final DataOutputStream out;
    private final byte kind;

    FrameStream(DataOutputStream out, byte kind) {
      this.out = out;
      this.kind = kind;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      synchronized (out) {
        out.writeByte(kind);
        out.writeInt(len);
        out.write(b, off, len);
        out.flush();
      }
    }
  }
}
