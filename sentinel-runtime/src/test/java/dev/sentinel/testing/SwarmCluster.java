package dev.sentinel.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.SwarmSpec;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.internal.DockerClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A real multi-node Swarm on this one machine: each node is a container running its own {@code
 * dockerd} (Debian's docker.io, overlay2 on a volume of its own), on a private network of the test engine. The node
 * image is built once and kept under a tag named by its Dockerfile's content hash. Each node's
 * engine listens on TCP inside the private network only; this machine reaches it by address.
 *
 * <pre>{@code
 * try (SwarmCluster cluster = SwarmCluster.start("multi", 3, 1)) {   // 3 nodes, 1 manager
 *   cluster.load(TestImages.busybox());
 *   SwarmTarget swarm = SwarmTarget.on(cluster.engine(0)).withDnsRoundRobin();
 *   ...
 *   cluster.stop(2);                                                 // a node is lost
 * }
 * }</pre>
 *
 * <p>Everything it creates (nodes with their anonymous volumes, the network) is removed by {@link
 * #close()}, also after a failed start. Nodes run with SYS_ADMIN and NET_ADMIN, seccomp and
 * AppArmor unconfined (this VM refuses {@code --privileged}), and the host's cgroup tree; and with
 * SYS_PTRACE, without which the node's runc cannot enter a task running as another user ({@code
 * docker exec}, so every health check, fails with "error executing setns process").
 */
public final class SwarmCluster implements AutoCloseable {
  private static final String RESOURCE = "/swarm-node/";
  private static final List<String> FILES = List.of("Dockerfile", "entrypoint.sh");

  private final DockerClient host = TestEngine.client();
  private final String name;
  private final String networkId;
  private final List<Node> nodes = new ArrayList<>();
  private final List<java.nio.file.Path> certificateDirectories = new ArrayList<>();

  /**
   * A node.
   *
   * @param container the node container's name, also its host name
   * @param address its address on the private network
   * @param client a client of its own engine
   */
  public record Node(String container, String address, DockerClient client, java.util.Optional<java.nio.file.Path> clientCertificates) {
    /** Its engine's address: {@code tcp://<address>:2375}, or {@code :2376} with TLS. */
    public URI engineAddress() {
      return URI.create("tcp://" + address + (clientCertificates.isPresent() ? ":2376" : ":2375"));
    }

    /** How Sentinel reaches it: the address, and the client certificates when it has TLS. */
    public dev.sentinel.runtime.EngineEndpoint endpoint() {
      return new dev.sentinel.runtime.EngineEndpoint(engineAddress(), clientCertificates, "the test's engine in " + container);
    }
  }

  private SwarmCluster(String name) {
    this.name = name;
    this.networkId = host.createNetworkCmd().withName(name).withDriver("bridge")
        .withLabels(Map.of(TestObjects.LABEL, "SwarmCluster")).exec().getId();
  }

  /**
   * Starts {@code size} nodes named {@code <prefix>-<random>-node<i>}; the first {@code managers}
   * are managers. With no managers there is no swarm: {@code size} separate engines, each in a
   * container that shares no filesystem with this machine (a remote engine for tests).
   */
  public static SwarmCluster start(String prefix, int size, int managers) {
    checkArgument(size >= 1 && managers >= 0 && managers <= size, "need 0 <= managers (%s) <= size (%s), size >= 1", managers, size);
    String image = nodeImage();
    SwarmCluster cluster = new SwarmCluster(TestObjects.uniqueName(prefix));
    try {
      for (int i = 1; i <= size; i++) {
        cluster.startNode(image, i, false);
      }
      if (managers > 0) {
        cluster.formSwarm(managers);
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * One engine in a container, no swarm, listening only with TLS that verifies both sides: a CA,
   * a server certificate naming the node's address and a client certificate, made here with
   * openssl once the address is known. Reach it with {@code node(0).endpoint()}.
   */
  public static SwarmCluster startTlsEngine(String prefix) {
    String image = nodeImage();
    SwarmCluster cluster = new SwarmCluster(TestObjects.uniqueName(prefix));
    try {
      cluster.startNode(image, 1, true);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(String image, int index, boolean tls) {
    String container = name + "-node" + index;
    HostConfig hostConfig = HostConfig.newHostConfig().withNetworkMode(name)
        .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN, Capability.SYS_PTRACE)
        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
        .withBinds(Bind.parse("/sys/fs/cgroup:/sys/fs/cgroup:rw"));
    String id = host.createContainerCmd(image).withName(container).withHostName(container).withHostConfig(hostConfig)
        .withEnv(tls ? List.of("SENTINEL_NODE_TLS=1") : List.of())
        .withLabels(Map.of(TestObjects.LABEL, "SwarmCluster", "dev.sentinel.test.cluster", name)).exec().getId();
    host.startContainerCmd(id).exec();
    String address = host.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().get(name).getIpAddress();
    java.util.Optional<java.nio.file.Path> certificates = tls ? java.util.Optional.of(certificates(id, address)) : java.util.Optional.empty();
    Node node = new Node(container, address, null, certificates);
    DockerClient client = DockerClients.create(node.engineAddress(), certificates, Duration.ofSeconds(5), Duration.ofMinutes(5));
    nodes.add(new Node(container, address, client, certificates));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        client.pingCmd().exec();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the engine of node " + container + " did not answer within 60 s; its log:\n"
              + logs(id), notYet);
        }
        sleep(250);
      }
    }
  }

  private void formSwarm(int managers) {
    Node first = nodes.get(0);
    first.client().initializeSwarmCmd(new SwarmSpec()).withListenAddr("0.0.0.0:2377").withAdvertiseAddr(first.address()).exec();
    var tokens = first.client().inspectSwarmCmd().exec().getJoinTokens();
    for (int i = 1; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      n.client().joinSwarmCmd().withRemoteAddrs(List.of(first.address() + ":2377"))
          .withJoinToken(i < managers ? tokens.getManager() : tokens.getWorker())
          .withListenAddr("0.0.0.0:2377").withAdvertiseAddr(n.address()).exec();
    }
    awaitReadyNodes(nodes.size(), Duration.ofSeconds(60));
  }

  /** Makes the certificates for {@code address}, copies the server's into the node's /certs, and returns the client's directory. */
  private java.nio.file.Path certificates(String id, String address) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sentinel-node-tls");
      TestCertificates.write(dir.resolve("server"), dir.resolve("client"), address);
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
        TarArchiveEntry certs = new TarArchiveEntry("certs/");
        certs.setMode(0700);
        out.putArchiveEntry(certs);
        out.closeArchiveEntry();
        // The key last: the node's entrypoint starts dockerd once it sees it.
        for (String f : List.of("ca.pem", "server.pem", "server-key.pem")) {
          byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve("server").resolve(f));
          TarArchiveEntry entry = new TarArchiveEntry("certs/" + f);
          entry.setSize(bytes.length);
          entry.setMode(0600);
          out.putArchiveEntry(entry);
          out.write(bytes);
          out.closeArchiveEntry();
        }
      }
      host.copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec();
      certificateDirectories.add(dir);
      return dir.resolve("client");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the managers see {@code count} nodes ready. */
  public void awaitReadyNodes(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readyNodes() < count) {
      checkState(System.nanoTime() < deadline, "%s nodes ready after %s, expected %s", readyNodes(), timeout, count);
      sleep(250);
    }
  }

  private long readyNodes() {
    return manager().listSwarmNodesCmd().exec().stream()
        .filter(n -> n.getStatus() != null && n.getStatus().getState() != null && n.getStatus().getState().name().equalsIgnoreCase("READY"))
        .count();
  }

  /** Loads images of the test engine into every running node ({@code docker save | docker load}). */
  public void load(String... images) {
    // One archive of all the images (shared layers once; docker-java's multi-image save loses some
    // of the tags, so the docker CLI writes it), loaded into every node at the same time.
    java.nio.file.Path archive;
    try {
      archive = java.nio.file.Files.createTempFile("swarm-cluster-images", ".tar");
      List<String> save = new java.util.ArrayList<>(List.of("docker", "save", "-o", archive.toString()));
      save.addAll(List.of(images));
      HostCommand.run(null, save);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + List.of(images), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while saving images", e);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
    try {
      List<java.util.concurrent.Future<?>> loads = new java.util.ArrayList<>();
      for (Node n : nodes) {
        loads.add(pool.submit(() -> {
          // The async form reads the engine's progress to the end: the plain one can return (and close)
          // while a large archive is still being loaded, and the images after the first are lost.
          try (InputStream saved = java.nio.file.Files.newInputStream(archive)) {
            n.client().loadImageAsyncCmd(saved).exec(new com.github.dockerjava.api.command.LoadImageCallback()).awaitCompletion();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + List.of(images) + " into " + n.container(), e);
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> load : loads) {
        load.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading images", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      try {
        java.nio.file.Files.deleteIfExists(archive);
      } catch (IOException e) {
        // a temporary file: the system cleans it
      }
    }
  }

  /** Node {@code index} (from 0). */
  public Node node(int index) {
    return nodes.get(index);
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** The first node's client: a manager. */
  public DockerClient manager() {
    return nodes.get(0).client();
  }

  /** A Sentinel engine on node {@code index}; the caller closes it. */
  public Engine engine(int index) {
    return Engine.at(nodes.get(index).endpoint());
  }

  /** Labels node {@code index} in the Swarm (for placement constraints such as {@code node.labels.tier==monitoring}). */
  public void label(int index, Map<String, String> labels) {
    Node n = nodes.get(index);
    var swarmNode = manager().listSwarmNodesCmd().withNameFilter(List.of(n.container())).exec().stream()
        .filter(s -> s.getDescription().getHostname().equals(n.container())).findFirst().orElseThrow();
    var spec = swarmNode.getSpec().withLabels(labels);
    manager().updateSwarmNodeCmd().withSwarmNodeId(swarmNode.getId()).withVersion(swarmNode.getVersion().getIndex())
        .withSwarmNodeSpec(spec).exec();
  }

  /** Stops node {@code index}'s container, as a machine that loses power: its engine and its tasks are gone. */
  public void stop(int index) {
    host.killContainerCmd(nodes.get(index).container()).exec();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      Cleanup.run(() -> DockerClients.closeQuietly(n.client()),
          () -> host.removeContainerCmd(n.container()).withForce(true).withRemoveVolumes(true).exec());
    }
    Cleanup.run(() -> host.removeNetworkCmd(networkId).exec());
    for (java.nio.file.Path dir : certificateDirectories) {
      Cleanup.run(() -> {
        try (var files = java.nio.file.Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** The node image, built from the test resources once and tagged by their content hash. */
  static synchronized String nodeImage() {
    DockerClient host = TestEngine.client();
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
      for (String f : FILES) {
        try (InputStream in = SwarmCluster.class.getResourceAsStream(RESOURCE + f)) {
          checkState(in != null, "missing test resource %s%s", RESOURCE, f);
          byte[] bytes = in.readAllBytes();
          files.put(f, bytes);
          digest.update(f.getBytes(StandardCharsets.UTF_8));
          digest.update(bytes);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String tag = "sentinel-test/swarm-node:" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    try {
      host.inspectImageCmd(tag).exec();
      return tag;
    } catch (NotFoundException missing) {
      // built below
    }
    ByteArrayOutputStream context = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context)) {
      for (var f : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
        entry.setSize(f.getValue().length);
        entry.setMode(f.getKey().endsWith(".sh") ? 0755 : 0644);
        tar.putArchiveEntry(entry);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    host.buildImageCmd(new ByteArrayInputStream(context.toByteArray())).withTags(Set.of(tag)).withPull(false)
        .withLabels(Map.of("dev.sentinel.fixture", "swarm-node")).exec(new BuildImageResultCallback()).awaitImageId(10, TimeUnit.MINUTES);
    return tag;
  }

  /** The last lines a node's dockerd wrote, for a failure message. */
  private String logs(String container) {
    StringBuilder out = new StringBuilder();
    try {
      host.logContainerCmd(container).withStdOut(true).withStdErr(true).withTail(40)
          .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
              out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }).awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
