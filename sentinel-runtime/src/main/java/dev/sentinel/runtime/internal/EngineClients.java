package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import dev.sentinel.runtime.Engine;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * An engine's two docker-java clients, for Sentinel's own adapters in sentinel-backup and
 * sentinel-testcontainers (the only modules the architecture rules let use this type). Not part of
 * Sentinel's API: {@link dev.sentinel.runtime.Engine} has no public method that hands out
 * docker-java types; {@link #of} is the door, in the manner of the JDK's shared secrets.
 *
 * @param address the engine's address
 * @param requests requests with a response timeout
 * @param streams long-lived streams without one
 */
public record EngineClients(URI address, DockerClient requests, DockerClient streams) {
  private static final AtomicReference<Function<Engine, EngineClients>> ACCESS = new AtomicReference<>();

  /** Called once, by {@link Engine}'s class initialiser; a second caller is refused. */
  public static void grant(Function<Engine, EngineClients> access) {
    if (!ACCESS.compareAndSet(null, access)) {
      throw new IllegalStateException("EngineClients access is granted once, by Engine");
    }
  }

  /** The clients of {@code engine}. */
  public static EngineClients of(Engine engine) {
    // An Engine instance exists, so its class initialiser has run and granted access.
    return ACCESS.get().apply(engine);
  }

  /** Whether the engine is reached over a unix socket, so it runs on this host (its paths are this host's paths). */
  public boolean onThisHost() {
    return UnixSocketArchives.supports(address);
  }

  /** A tar stream of {@code path} in {@code container}, by the fastest way to this engine. */
  public InputStream getArchive(String container, String path) throws IOException {
    if (UnixSocketArchives.supports(address)) {
      return UnixSocketArchives.get(address, container, path);
    }
    return streams.copyArchiveFromContainerCmd(container, path).exec();
  }

  /**
   * The engine's stat of {@code path} in {@code container}; only for an engine {@link #onThisHost()}
   * (docker-java has no call for it).
   */
  public PathStat statPath(String container, String path) throws IOException {
    if (!onThisHost()) {
      throw new IllegalStateException("a path's stat is read only from an engine on a unix socket, not " + address);
    }
    return UnixSocketArchives.stat(address, container, path);
  }

  /** Extracts {@code tar} into {@code path} of {@code container}, keeping owners when asked. */
  public void putArchive(String container, String path, InputStream tar, boolean copyUidGid) throws IOException {
    if (UnixSocketArchives.supports(address)) {
      UnixSocketArchives.put(address, container, path, tar, copyUidGid);
    } else {
      streams.copyArchiveToContainerCmd(container).withRemotePath(path).withCopyUIDGID(copyUidGid).withTarInputStream(tar).exec();
    }
  }

  /**
   * The engine's stat of a path in a container.
   *
   * @param mode Go's {@code os.FileMode} bits (a directory has bit 31 set), as the engine reports them
   * @param modified the modification time, to the nanosecond
   */
  public record PathStat(long mode, java.time.Instant modified) {}
}
