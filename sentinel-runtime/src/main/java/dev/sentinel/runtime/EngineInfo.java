package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What an engine says about itself when pinged.
 *
 * <pre>{@code
 * EngineInfo info = engine.ping();
 * log.info("engine {} (API {})", info.version(), info.apiVersion());
 * }</pre>
 *
 * @param version the engine's version, e.g. {@code 20.10.24}
 * @param apiVersion the highest API version the engine speaks, e.g. {@code 1.41}
 * @param operatingSystem the engine's OS, e.g. {@code linux}
 * @param swarmActive whether the engine is a member of a swarm
 */
public record EngineInfo(String version, String apiVersion, String operatingSystem, boolean swarmActive) {
  public EngineInfo {
    checkNotNull(version, "version");
    checkNotNull(apiVersion, "apiVersion");
    checkNotNull(operatingSystem, "operatingSystem");
  }
}
