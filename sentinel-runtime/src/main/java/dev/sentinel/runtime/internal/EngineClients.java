package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * An engine's two docker-java clients, for Sentinel's own modules (backup, Testcontainers). Not
 * part of Sentinel's API.
 *
 * @param address the engine's address
 * @param requests requests with a response timeout
 * @param streams long-lived streams without one
 */
public record EngineClients(URI address, DockerClient requests, DockerClient streams) {
  /** A tar stream of {@code path} in {@code container}, by the fastest way to this engine. */
  public InputStream getArchive(String container, String path) throws IOException {
    if (UnixSocketArchives.supports(address)) {
      return UnixSocketArchives.get(address, container, path);
    }
    return streams.copyArchiveFromContainerCmd(container, path).exec();
  }

  /** Extracts {@code tar} into {@code path} of {@code container}, keeping owners when asked. */
  public void putArchive(String container, String path, InputStream tar, boolean copyUidGid) throws IOException {
    if (UnixSocketArchives.supports(address)) {
      UnixSocketArchives.put(address, container, path, tar, copyUidGid);
    } else {
      streams.copyArchiveToContainerCmd(container).withRemotePath(path).withCopyUIDGID(copyUidGid).withTarInputStream(tar).exec();
    }
  }
}
