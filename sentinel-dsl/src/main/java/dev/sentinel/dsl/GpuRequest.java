package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GPUs a service's containers ask the engine for (Compose's {@code gpus}); part of its {@link
 * Security} section next to the devices it maps in. The engine needs a device driver for them (e.g.
 * the NVIDIA container toolkit); without one the container does not start, and says so.
 *
 * <pre>{@code
 * svc.gpu(GpuRequest.all());
 * svc.gpu(GpuRequest.count(1).withDriver("nvidia").withCapabilities("gpu", "utility"));
 * }</pre>
 *
 * @param driver the device driver, e.g. {@code nvidia}; empty for the engine's choice
 * @param count how many GPUs, or -1 for all of them
 * @param deviceIds particular GPUs by ID, instead of a count
 * @param capabilities what the GPUs must offer, e.g. {@code gpu}, {@code utility}, {@code compute}
 * @param options the driver's options
 */
public record GpuRequest(Optional<String> driver, int count, List<String> deviceIds, List<String> capabilities, Map<String, String> options) {
  public GpuRequest {
    checkNotNull(driver, "driver");
    checkArgument(count >= -1, "a GPU count is -1 (all) or more, not %s", count);
    deviceIds = ImmutableList.copyOf(deviceIds);
    capabilities = ImmutableList.copyOf(capabilities);
    options = ImmutableMap.copyOf(options);
    checkArgument(deviceIds.isEmpty() || count == 0, "a GPU request names device IDs or a count, not both");
  }

  /** Every GPU of the host (Compose's {@code gpus: all}). */
  public static GpuRequest all() {
    return new GpuRequest(Optional.empty(), -1, List.of(), List.of(), Map.of());
  }

  /** {@code n} GPUs. */
  public static GpuRequest count(int n) {
    return new GpuRequest(Optional.empty(), n, List.of(), List.of(), Map.of());
  }

  /** The GPUs with these IDs. */
  public static GpuRequest devices(String... ids) {
    return new GpuRequest(Optional.empty(), 0, List.of(ids), List.of(), Map.of());
  }

  public GpuRequest withDriver(String driver) {
    return new GpuRequest(Optional.of(checkNotNull(driver, "driver")), count, deviceIds, capabilities, options);
  }

  public GpuRequest withCapabilities(String... capabilities) {
    return new GpuRequest(driver, count, deviceIds, List.of(capabilities), options);
  }

  public GpuRequest withOptions(Map<String, String> options) {
    return new GpuRequest(driver, count, deviceIds, capabilities, options);
  }
}
