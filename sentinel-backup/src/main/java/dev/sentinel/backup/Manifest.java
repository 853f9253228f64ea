package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a backup archive holds, written as {@code manifest.yaml}, the archive's last entry (its
 * figures are known only once every volume has streamed through).
 *
 * <pre>{@code
 * format: 1
 * sentinel: 0.1.0
 * stack: shop
 * environment: production
 * createdAt: 2026-11-27T02:15:00Z
 * volumes:
 * - name: shop_db-data
 *   driver: local
 *   entries: 1520
 *   bytes: 73400320
 *   sha256: 4f1c...
 * }</pre>
 *
 * @param format the archive format version ({@value #FORMAT})
 * @param sentinelVersion the Sentinel version that wrote it
 * @param stack the stack (or the name given for a list of volumes)
 * @param environment the environment, when known
 * @param createdAt when the backup started
 * @param volumes each volume, in archive order
 */
public record Manifest(int format, String sentinelVersion, String stack, Optional<String> environment, Instant createdAt,
    List<VolumeManifest> volumes) {
  /** The archive format this version writes and reads. */
  public static final int FORMAT = 1;

  public Manifest {
    checkNotNull(sentinelVersion, "sentinelVersion");
    checkNotNull(stack, "stack");
    checkNotNull(environment, "environment");
    checkNotNull(createdAt, "createdAt");
    volumes = ImmutableList.copyOf(volumes);
  }

  /** The volume named {@code name}, if the manifest has it. */
  public Optional<VolumeManifest> volume(String name) {
    return volumes.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** The manifest as YAML. */
  public String toYaml() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", format);
    root.put("sentinel", sentinelVersion);
    root.put("stack", stack);
    environment.ifPresent(e -> root.put("environment", e));
    root.put("createdAt", createdAt.toString());
    List<Object> list = new java.util.ArrayList<>();
    for (VolumeManifest v : volumes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", v.name());
      m.put("driver", v.driver());
      m.put("options", new LinkedHashMap<>(v.options()));
      m.put("labels", new LinkedHashMap<>(v.labels()));
      m.put("entries", v.entries());
      m.put("bytes", v.bytes());
      m.put("sha256", v.sha256());
      list.add(m);
    }
    root.put("volumes", list);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(root);
  }

  /**
   * Reads a manifest.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  @SuppressWarnings("unchecked")
  public static Manifest parse(String yaml) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("manifest.yaml is not valid YAML: " + e.getMessage(), e);
    }
    if (!(loaded instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("manifest.yaml is not a mapping");
    }
    int format = number(root, "format").intValue();
    if (format != FORMAT) {
      throw new IllegalArgumentException("manifest.yaml has format " + format + "; this Sentinel reads format " + FORMAT);
    }
    List<VolumeManifest> volumes = new java.util.ArrayList<>();
    Object list = root.get("volumes");
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException("manifest.yaml: volumes is missing or not a list");
    }
    for (Object item : items) {
      Map<String, Object> v = (Map<String, Object>) item;
      volumes.add(new VolumeManifest(text(v, "name"), text(v, "driver"), strings(v.get("options")), strings(v.get("labels")),
          number(v, "entries").longValue(), number(v, "bytes").longValue(), text(v, "sha256")));
    }
    return new Manifest(format, text(root, "sentinel"), text(root, "stack"),
        Optional.ofNullable(root.get("environment")).map(Object::toString), Instant.parse(text(root, "createdAt")), volumes);
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    if (value == null) {
      throw new IllegalArgumentException("manifest.yaml: " + key + " is missing");
    }
    return value.toString();
  }

  private static Number number(Map<?, ?> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException("manifest.yaml: " + key + " is missing or not a number");
    }
    return n;
  }

  private static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }
}
