package dev.sentinel.runtime.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine at {@code ssh://[user@]host[:port]}, reached as the Docker CLI reaches it: every
 * connection is one {@code ssh ... docker system dial-stdio} process on the remote host, whose
 * stdin and stdout carry the engine's API. The clients connect to a loopback port this tunnel
 * listens on (only this process's user can use it: it accepts connections from loopback only, and
 * the engine behind it is what the ssh user may reach anyway). Authentication is ssh's own (agent,
 * keys, {@code ~/.ssh/config}); {@code BatchMode} makes a missing key an error instead of a prompt.
 */
public final class SshTunnel implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(SshTunnel.class);

  private final URI remote;
  private final ServerSocket server;
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private SshTunnel(URI remote, ServerSocket server) {
    this.remote = remote;
    this.server = server;
    this.acceptor = new Thread(this::accept, "sentinel-ssh-" + remote.getHost());
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Listens on a free loopback port for connections to the engine at {@code remote}. */
  public static SshTunnel open(URI remote) {
    if (remote.getHost() == null) {
      throw new IllegalArgumentException(remote + " names no host: use ssh://user@host or ssh://user@host:port");
    }
    try {
      return new SshTunnel(remote, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on a loopback port for the ssh tunnel to " + remote, e);
    }
  }

  /** Where the engine's clients connect. */
  public URI localAddress() {
    return URI.create("tcp://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * The ssh command for one connection; {@code SENTINEL_SSH_OPTIONS} (or the system property {@code
   * sentinel.ssh.options}) adds options, e.g. {@code -i ~/.ssh/deploy -o UserKnownHostsFile=...}
   * for a CI runner whose key is not in {@code ~/.ssh}.
   */
  List<String> command() {
    List<String> command = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10"));
    String extra = System.getProperty("sentinel.ssh.options", java.util.Objects.requireNonNullElse(System.getenv("SENTINEL_SSH_OPTIONS"), ""));
    for (String option : extra.strip().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    if (remote.getPort() > 0) {
      command.addAll(List.of("-p", Integer.toString(remote.getPort())));
    }
    if (remote.getUserInfo() != null) {
      command.addAll(List.of("-l", remote.getUserInfo()));
    }
    command.addAll(List.of("--", remote.getHost(), "docker", "system", "dial-stdio"));
    return command;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException closed) {
        return;
      }
      try {
        Process ssh = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(ssh);
        pump(socket.getInputStream(), ssh.getOutputStream(), socket, ssh, "to " + remote);
        pump(ssh.getInputStream(), socket.getOutputStream(), socket, ssh, "from " + remote);
        ssh.onExit().thenRun(() -> {
          processes.remove(ssh);
          closeQuietly(socket);
        });
      } catch (IOException e) {
        log.warn("cannot start ssh to {}: {}", remote, e.getMessage());
        closeQuietly(socket);
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Socket socket, Process ssh, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (in; out) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the connection or the ssh process ended
      } finally {
        if (direction.startsWith("from")) {
          closeQuietly(socket);
        } else {
          try {
            socket.shutdownInput();
          } catch (IOException ignored) {
            // already closed
          }
        }
      }
    }, "sentinel-ssh-pump " + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    processes.forEach(Process::destroy);
  }
}
