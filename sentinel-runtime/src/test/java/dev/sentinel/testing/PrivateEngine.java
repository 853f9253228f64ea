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
  private final Path root;
  private final String id;
  private Process dockerd;

  private PrivateEngine(Path root, String id) {
    this.root = root;
    this.id = id;
  }

  /** Starts a private engine (needs root and {@code dockerd} on the PATH) and loads {@link TestImages#BUSYBOX} into it. */
  public static PrivateEngine start() throws IOException, InterruptedException {
    String id = TestObjects.uniqueName("d").substring("st-d-".length()); // 10 random hex digits
    // Short: a unix socket path has at most 107 bytes.
    PrivateEngine engine = new PrivateEngine(Files.createTempDirectory(Path.of("/tmp"), "sd-"), id);
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

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private void startDaemon() throws IOException, InterruptedException {
    dockerd = new ProcessBuilder("dockerd",
        "--host", address().toString(),
        "--data-root", root.resolve("data").toString(),
        "--exec-root", root.resolve("exec").toString(),
        "--pidfile", root.resolve("d.pid").toString(),
        "--containerd-namespace", "sentinel-" + id,
        "--containerd-plugins-namespace", "sentinel-plugins-" + id,
        // Its own bridge: "--bridge none" would make dockerd delete docker0, the developer's engine's bridge.
        "--bridge", bridge(), "--iptables=false", "--ip-masq=false")
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
