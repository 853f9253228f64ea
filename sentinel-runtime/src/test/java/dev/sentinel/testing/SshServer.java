package dev.sentinel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An OpenSSH server of the test's own on a loopback port, accepting root with a key made here and
 * nothing else, whose sessions see {@code DOCKER_HOST=<engine>}: what a remote build host looks
 * like to {@code ssh://root@127.0.0.1:<port>}. {@link #clientOptions()} are the ssh options that
 * use its key without touching the developer's {@code ~/.ssh}.
 */
public final class SshServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process sshd;

  private SshServer(Path dir, int port, Process sshd) {
    this.dir = dir;
    this.port = port;
    this.sshd = sshd;
  }

  /** Starts sshd (needs root and {@code /usr/sbin/sshd}) whose sessions reach {@code engine}. */
  public static SshServer start(URI engine) throws IOException, InterruptedException {
    return start(new dev.sentinel.runtime.EngineEndpoint(engine, java.util.Optional.empty(), "the test"));
  }

  /** As {@link #start(URI)}, for an engine with TLS: sessions get DOCKER_TLS_VERIFY and DOCKER_CERT_PATH too. */
  public static SshServer start(dev.sentinel.runtime.EngineEndpoint engine) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("sentinel-sshd");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"), "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin prohibit-password", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no", "SetEnv DOCKER_HOST=" + engine.address()
            + engine.tlsDirectory().map(d -> " DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=" + d).orElse(""), "") );
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
    Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new SshServer(dir, port, sshd);
      } catch (IOException notYet) {
        if (!sshd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("sshd did not listen on " + port + ": " + Files.readString(dir.resolve("sshd.log")), notYet);
        }
        Thread.sleep(100);
      }
    }
  }

  /** {@code ssh://root@127.0.0.1:<port>}. */
  public URI address() {
    return URI.create("ssh://root@127.0.0.1:" + port);
  }

  /** Options for {@code ssh} that log in with this server's client key and trust its host key. */
  public String clientOptions() {
    return "-i " + dir.resolve("client_key") + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";
  }

  private static void run(String... command) throws IOException, InterruptedException {
    HostCommand.run(null, List.of(command));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    sshd.destroy();
    sshd.waitFor(10, TimeUnit.SECONDS);
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
