package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * One volume as a backup manifest records it.
 *
 * @param name the engine's volume name, e.g. {@code shop_db-data}
 * @param driver the volume driver
 * @param options the driver's options
 * @param labels the volume's labels
 * @param entries how many archive entries hold its tree (directories, files, links)
 * @param bytes how many bytes of file content
 * @param sha256 the digest of its content stream (every entry's header fields and data, in order)
 */
public record VolumeManifest(String name, String driver, Map<String, String> options, Map<String, String> labels,
    long entries, long bytes, String sha256) {
  public VolumeManifest {
    checkNotNull(name, "name");
    checkNotNull(driver, "driver");
    options = ImmutableMap.copyOf(options);
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(sha256, "sha256");
  }

  /** The label that names the stack a volume belongs to, if it has one. */
  public Optional<String> stack() {
    return Optional.ofNullable(labels.get("dev.sentinel.stack"));
  }
}
