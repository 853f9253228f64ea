package dev.sentinel.testing;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.internal.DockerClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker engine of the test's own: a second {@code dockerd} with its own socket, data root, exec
 * root, pid file, containerd (and containerd namespaces), bridge interface and no iptables rules,
 * so a test may stop and start it without touching the developer's engine. Holds the test image
 * (copied from the test engine). {@link #close} removes its containers and every file it made.
 *
 * <pre>{@code
 * try (PrivateEngine engine = PrivateEngine.start()) {
 *   engine.restart(Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class PrivateEngine implements AutoCloseable {
  /** The private engines' address pool; {@link #allowForwardingWithinThePool} opens forwarding inside it only. */
  private static final String POOL = "10.213.0.0/16";

  private final Path root;
  private final String id;
  private final int tlsPort;
  private Process dockerd;

  private PrivateEngine(Path root, String id, int tlsPort) {
    this.root = root;
    this.id = id;
    this.tlsPort = tlsPort;
  }

  /** Starts a private engine (needs root and {@code dockerd} on the PATH) and loads {@link TestImages#BUSYBOX} into it. */
  public static PrivateEngine start() throws IOException, InterruptedException {
    return start(false);
  }

  /**
   * As {@link #start()}, also listening on {@code tcp://127.0.0.1:<port>} with TLS that verifies
   * both sides: a CA, a server and a client certificate made here with {@code openssl}. Reach it
   * with {@link #tlsEndpoint()}; the unix socket stays for the test's own checks.
   */
  public static PrivateEngine startWithTls() throws IOException, InterruptedException {
    return start(true);
  }

  private static PrivateEngine start(boolean tls) throws IOException, InterruptedException {
    String id = TestObjects.uniqueName("d").substring("st-d-".length()); // 10 random hex digits
    // Short: a unix socket path has at most 107 bytes.
    Path root = Files.createTempDirectory(Path.of("/tmp"), "sd-");
    int port = 0;
    if (tls) {
      try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      TestCertificates.write(root.resolve("tls"), root.resolve("client"));
    }
    PrivateEngine engine = new PrivateEngine(root, id, port);
    engine.startDaemon();
    String image = TestImages.busybox();
    try (InputStream saved = TestEngine.client().saveImageCmd(image).exec()) {
      engine.client().loadImageCmd(saved).exec();
    }
    return engine;
  }

  /** The engine's address: {@code unix:///tmp/sd-.../d.sock}. */
  public URI address() {
    return URI.create("unix://" + root.resolve("d.sock"));
  }

  /** The TLS address and the client's certificates ({@code ca.pem}, {@code cert.pem}, {@code key.pem}). */
  public dev.sentinel.runtime.EngineEndpoint tlsEndpoint() {
    if (tlsPort == 0) {
      throw new IllegalStateException("this private engine was started without TLS");
    }
    return new dev.sentinel.runtime.EngineEndpoint(URI.create("tcp://127.0.0.1:" + tlsPort), java.util.Optional.of(root.resolve("client")),
        "the test's TLS engine");
  }

  /** The directory with the client's {@code ca.pem}, {@code cert.pem} and {@code key.pem}. */
  public Path clientCertificates() {
    return root.resolve("client");
  }

  /** A docker-java client for checks (the test's own view, not Sentinel's). */
  public DockerClient client() {
    return DockerClients.create(address(), Duration.ofSeconds(5), Duration.ofMinutes(2));
  }

  /** Stops the daemon as a service manager would (SIGTERM: it stops its containers, then exits). */
  public void stop() throws InterruptedException {
    if (dockerd != null && dockerd.isAlive()) {
      dockerd.destroy();
      if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
        dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the daemon, waits {@code pause}, and starts it again on the same data. */
  public void restart(Duration pause) throws IOException, InterruptedException {
    if (tlsPort != 0) {
      throw new IllegalStateException("an engine started with TLS (and its own address pool) is not restarted: see startDaemon");
    }
    stop();
    Thread.sleep(pause.toMillis());
    startDaemon();
  }

  /** The bridge interface of this engine, made once ({@code ip link}), removed by {@link #close}. */
  private String bridge() throws IOException, InterruptedException {
    String name = "sd" + id;
    if (!Files.exists(Path.of("/sys/class/net", name))) {
      ip("link", "add", name, "type", "bridge");
      // A link-local /30 nothing else on a machine routes.
      ip("addr", "add", "169.254.213.1/30", "dev", name);
      ip("link", "set", name, "up");
    }
    return name;
  }

  private static final List<String> FORWARD_RULE = List.of("FORWARD", "-s", POOL, "-d", POOL, "-j", "ACCEPT");

  /** One rule in the host's FORWARD chain, for traffic between this engine's containers; removed by {@link #close}. */
  private static void allowForwardingWithinThePool() throws IOException, InterruptedException {
    if (!HostCommand.succeeds(iptables("-C"))) {
      HostCommand.run(null, iptables("-I"));
    }
  }

  private static List<String> iptables(String action) {
    List<String> command = new java.util.ArrayList<>(List.of("iptables", "-w", action));
    command.addAll(FORWARD_RULE);
    return command;
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    HostCommand.run(null, command);
  }

  private void startDaemon() throws IOException, InterruptedException {
    List<String> tls = tlsPort == 0 ? List.of() : List.of("--host", "tcp://127.0.0.1:" + tlsPort, "--tlsverify",
        "--tlscacert", root.resolve("tls/ca.pem").toString(), "--tlscert", root.resolve("tls/server.pem").toString(),
        "--tlskey", root.resolve("tls/server-key.pem").toString());
    List<String> command = new java.util.ArrayList<>(List.of("dockerd",
        "--host", address().toString(),
        "--data-root", root.resolve("data").toString(),
        "--exec-root", root.resolve("exec").toString(),
        "--pidfile", root.resolve("d.pid").toString(),
        "--containerd-namespace", "sentinel-" + id,
        "--containerd-plugins-namespace", "sentinel-plugins-" + id,
        // Its own bridge: "--bridge none" would make dockerd delete docker0, the developer's engine's bridge.
        "--bridge", bridge(), "--iptables=false", "--ip-masq=false"));
    command.addAll(tls);
    if (tlsPort != 0) {
      // The remote-engine tests run whole stacks there: their networks come from a pool of their own, so
      // one forwarding rule lets their containers talk (the host's FORWARD policy is the developer
      // engine's DROP) without touching that engine's networks. Only for an engine that is never
      // restarted: dockerd 20.10 started a second time on the same data root with a default address
      // pool deletes docker0, the developer engine's bridge (seen in CI; EngineRestartIT restarts).
      command.addAll(List.of("--default-address-pool", "base=" + POOL + ",size=24"));
      allowForwardingWithinThePool();
    }
    dockerd = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(root.resolve("dockerd.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Engine engine = Engine.at(address())) {
        engine.ping();
        return;
      } catch (RuntimeException notYet) {
        if (!dockerd.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the private dockerd did not answer at " + address() + "; its log:\n"
              + Files.readString(root.resolve("dockerd.log")), notYet);
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    List<String> bridges = new java.util.ArrayList<>();
    try {
      if (dockerd != null && dockerd.isAlive()) {
        DockerClient client = client();
        client.listContainersCmd().withShowAll(true).exec()
            .forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        // A network's bridge interface lives in the host's namespace and outlives the daemon and its
        // data root: one left behind keeps a route to its subnet and breaks the developer engine's.
        for (var n : client.listNetworksCmd().exec()) {
          if (!List.of("bridge", "host", "none").contains(n.getName())) {
            bridges.add("br-" + n.getId().substring(0, 12));
            client.removeNetworkCmd(n.getId()).exec();
          }
        }
      }
    } finally {
      stop();
      for (String bridge : bridges) {
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
          ip("link", "del", bridge);
        }
      }
      if (Files.exists(Path.of("/sys/class/net", "sd" + id))) {
        ip("link", "del", "sd" + id);
      }
      while (HostCommand.succeeds(iptables("-C"))) {
        HostCommand.run(null, iptables("-D"));
      }
      // Mounts under the data root are gone once the daemon stopped; then its files can go.
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        new ProcessBuilder(List.of("rm", "-rf", root.toString())).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
      }
    }
  }
}
