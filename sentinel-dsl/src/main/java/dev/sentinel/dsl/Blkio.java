package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Block I/O weight and throttling of a service's containers (Compose's {@code blkio_config}); part
 * of its {@link Kernel} section, set through {@link ServiceBuilder#blkio}. Devices are named by
 * their path on the host.
 *
 * <pre>{@code
 * svc.blkio(b -> b.weight(300).deviceReadBps("/dev/sda", "12mb").deviceWriteIops("/dev/sda", 30));
 * }</pre>
 *
 * @param weight the relative block I/O weight, 10 to 1000
 * @param weightDevices a weight per device
 * @param readBps read limits in bytes per second, by device
 * @param writeBps write limits in bytes per second, by device
 * @param readIops read limits in operations per second, by device
 * @param writeIops write limits in operations per second, by device
 */
public record Blkio(Optional<Integer> weight, Map<String, Integer> weightDevices, Map<String, Long> readBps, Map<String, Long> writeBps,
    Map<String, Long> readIops, Map<String, Long> writeIops) {
  /** No weight, no throttling: the engine's defaults. */
  public static final Blkio NONE = new Blkio(Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  public Blkio {
    checkNotNull(weight, "weight");
    weightDevices = ImmutableMap.copyOf(weightDevices);
    readBps = ImmutableMap.copyOf(readBps);
    writeBps = ImmutableMap.copyOf(writeBps);
    readIops = ImmutableMap.copyOf(readIops);
    writeIops = ImmutableMap.copyOf(writeIops);
  }

  /** Whether anything is set. */
  public boolean isSet() {
    return !equals(NONE);
  }

  /** Builds a {@link Blkio}, starting from an existing one (an overlay adds to its base's settings). */
  public static final class Builder {
    private Optional<Integer> weight;
    private final Map<String, Integer> weightDevices;
    private final Map<String, Long> readBps;
    private final Map<String, Long> writeBps;
    private final Map<String, Long> readIops;
    private final Map<String, Long> writeIops;

    Builder(Blkio from) {
      weight = from.weight();
      weightDevices = new LinkedHashMap<>(from.weightDevices());
      readBps = new LinkedHashMap<>(from.readBps());
      writeBps = new LinkedHashMap<>(from.writeBps());
      readIops = new LinkedHashMap<>(from.readIops());
      writeIops = new LinkedHashMap<>(from.writeIops());
    }

    /** The relative block I/O weight, 10 to 1000 (the kernel's range). */
    public Builder weight(int weight) {
      this.weight = Optional.of(checkWeight(weight, "block I/O weight"));
      return this;
    }

    /** The weight of the containers' I/O on one device, 10 to 1000. */
    public Builder weightDevice(String device, int weight) {
      weightDevices.put(device(device), checkWeight(weight, "block I/O weight of " + device));
      return this;
    }

    /** At most this many bytes per second read from the device, a size such as {@code 12mb}. */
    public Builder deviceReadBps(String device, String rate) {
      readBps.put(device(device), Size.parse(rate).bytes());
      return this;
    }

    /** At most this many bytes per second written to the device, a size such as {@code 1gb}. */
    public Builder deviceWriteBps(String device, String rate) {
      writeBps.put(device(device), Size.parse(rate).bytes());
      return this;
    }

    /** At most this many read operations per second on the device. */
    public Builder deviceReadIops(String device, long operations) {
      readIops.put(device(device), positive(operations, device));
      return this;
    }

    /** At most this many write operations per second on the device. */
    public Builder deviceWriteIops(String device, long operations) {
      writeIops.put(device(device), positive(operations, device));
      return this;
    }

    Blkio build() {
      return new Blkio(weight, weightDevices, readBps, writeBps, readIops, writeIops);
    }

    private static String device(String path) {
      checkArgument(checkNotNull(path, "device").startsWith("/"), "a block device is an absolute path on the host, e.g. /dev/sda; got \"%s\"", path);
      return path;
    }

    private static int checkWeight(int weight, String what) {
      checkArgument(weight >= 10 && weight <= 1000, "%s must be 10 to 1000, got %s", what, weight);
      return weight;
    }

    private static long positive(long operations, String device) {
      checkArgument(operations > 0, "the I/O operations per second of %s must be positive, got %s", device, operations);
      return operations;
    }
  }
}
