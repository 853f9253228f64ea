package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.dsl.Blkio;
import dev.sentinel.dsl.Kernel;
import dev.sentinel.dsl.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compose in and out for the {@link Kernel} section: {@code sysctls}, {@code shm_size}, {@code
 * ulimits} (one number for both limits, or {@code soft} and {@code hard}), {@code oom_score_adj},
 * {@code oom_kill_disable}, {@code cpu_shares}, {@code cpuset}, {@code mem_swappiness}, {@code cpu_quota},
 * {@code cpu_period}, {@code memswap_limit}, {@code blkio_config}, {@code storage_opt}, {@code cpu_rt_period}
 * and {@code cpu_rt_runtime}.
 */
final class KernelSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of(
      "sysctls", "shm_size", "ulimits", "oom_score_adj", "oom_kill_disable", "cpu_shares", "cpuset", "mem_swappiness", "cpu_quota", "cpu_period",
      "memswap_limit", "blkio_config", "storage_opt", "cpu_rt_period", "cpu_rt_runtime");

  private KernelSection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Kernel k, Map<String, Object> m) {
    if (!k.sysctls().isEmpty()) {
      m.put("sysctls", new LinkedHashMap<>(k.sysctls()));
    }
    k.shmSize().ifPresent(size -> m.put("shm_size", size.toCompose()));
    if (!k.ulimits().isEmpty()) {
      Map<String, Object> ulimits = new LinkedHashMap<>();
      k.ulimits().forEach((name, u) -> {
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("soft", u.soft());
        limit.put("hard", u.hard());
        ulimits.put(name, limit);
      });
      m.put("ulimits", ulimits);
    }
    k.oomScoreAdj().ifPresent(o -> m.put("oom_score_adj", o));
    if (k.oomKillDisable()) {
      m.put("oom_kill_disable", true);
    }
    k.cpuShares().ifPresent(c -> m.put("cpu_shares", c));
    k.cpuset().ifPresent(c -> m.put("cpuset", c));
    k.memSwappiness().ifPresent(sw -> m.put("mem_swappiness", sw));
    k.cpuQuota().ifPresent(q -> m.put("cpu_quota", q));
    k.cpuPeriod().ifPresent(p -> m.put("cpu_period", p));
    k.memswapLimitBytes().ifPresent(b -> m.put("memswap_limit", b));
    if (k.blkio().isSet()) {
      m.put("blkio_config", blkio(k.blkio()));
    }
    if (!k.storageOptions().isEmpty()) {
      m.put("storage_opt", new LinkedHashMap<>(k.storageOptions()));
    }
    k.cpuRtPeriod().ifPresent(p -> m.put("cpu_rt_period", p));
    k.cpuRtRuntime().ifPresent(r -> m.put("cpu_rt_runtime", r));
  }

  private static Map<String, Object> blkio(Blkio b) {
    Map<String, Object> out = new LinkedHashMap<>();
    b.weight().ifPresent(w -> out.put("weight", w));
    BiConsumer<String, Map<String, ? extends Number>> devices = (key, byDevice) -> {
      if (!byDevice.isEmpty()) {
        List<Map<String, Object>> list = new ArrayList<>();
        byDevice.forEach((path, n) -> {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("path", path);
          d.put(key.equals("weight_device") ? "weight" : "rate", n);
          list.add(d);
        });
        out.put(key, list);
      }
    };
    devices.accept("weight_device", b.weightDevices());
    devices.accept("device_read_bps", b.readBps());
    devices.accept("device_write_bps", b.writeBps());
    devices.accept("device_read_iops", b.readIops());
    devices.accept("device_write_iops", b.writeIops());
    return out;
  }

  /** The DSL calls for one of {@link #KEYS}, each value checked with the model's own parser. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "sysctls" -> cx.dict(v, at).forEach((k, value) -> calls.add(DslCall.of("sysctl", k, value.map(Scalar::text).orElse(""))));
      case "shm_size" -> SectionReads.size(cx, v, at, "shmSize", calls);
      case "ulimits" -> ulimits(cx, v, at, calls);
      case "oom_score_adj" -> cx.integer(v, at).ifPresent(o -> calls.add(DslCall.of("oomScoreAdj", o)));
      case "oom_kill_disable" -> cx.bool(v, at).ifPresent(d -> calls.add(DslCall.of("oomKillDisable", d)));
      case "cpu_shares" -> cx.integer(v, at).ifPresent(c -> calls.add(DslCall.of("cpuShares", c)));
      case "cpuset" -> SectionReads.serviceText(cx, v, at, "cpuset", calls);
      case "mem_swappiness" -> cx.integer(v, at).ifPresent(sw -> calls.add(DslCall.of("memSwappiness", sw)));
      case "cpu_quota" -> cx.number(v, at).ifPresent(q -> calls.add(DslCall.of("cpuQuota", q)));
      case "cpu_period" -> cx.number(v, at).ifPresent(p -> calls.add(DslCall.of("cpuPeriod", p)));
      case "memswap_limit" -> cx.string(v, at).filter(s -> s.strip().equals("-1") || cx.parse(v, at, s, Size::parse).isPresent())
          .ifPresent(s -> calls.add(DslCall.of("memswapLimit", s)));
      case "blkio_config" -> blkio(cx, v, at, calls);
      case "storage_opt" -> cx.dict(v, at).forEach((k, value) -> calls.add(DslCall.of("storageOption", k, value.map(Scalar::text).orElse(""))));
      case "cpu_rt_period" -> cx.number(v, at).ifPresent(n -> SectionReads.checked(cx, v, at, DslCall.of("cpuRtPeriod", n), calls));
      case "cpu_rt_runtime" -> cx.number(v, at).ifPresent(n -> SectionReads.checked(cx, v, at, DslCall.of("cpuRtRuntime", n), calls));
      default -> throw new IllegalArgumentException("not an attribute of the kernel section: " + key);
    }
  }

  /** {@code weight}, and lists of {@code {path, weight}} or {@code {path, rate}} per device; a bps rate may be a size ({@code 12mb}). */
  private static void blkio(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    Optional<Mapping> m = cx.mapping(v, at);
    if (m.isEmpty()) {
      return;
    }
    List<DslCall> b = new ArrayList<>();
    m.get().entries().forEach((key, value) -> {
      String p = at + "." + key;
      switch (key) {
        case "weight" -> cx.integer(value, p).ifPresent(w -> b.add(DslCall.of("weight", w)));
        case "weight_device" -> devices(cx, value, p, "weight", (path, w) -> cx.integer(w, p).ifPresent(n -> b.add(DslCall.of("weightDevice", path, n))));
        case "device_read_bps", "device_write_bps" -> devices(cx, value, p, "rate", (path, r) -> cx.string(r, p)
            .filter(rate -> cx.parse(r, p, rate, Size::parse).isPresent())
            .ifPresent(rate -> b.add(DslCall.of(key.equals("device_read_bps") ? "deviceReadBps" : "deviceWriteBps", path, rate))));
        case "device_read_iops", "device_write_iops" -> devices(cx, value, p, "rate", (path, r) -> cx.number(r, p)
            .ifPresent(n -> b.add(DslCall.of(key.equals("device_read_iops") ? "deviceReadIops" : "deviceWriteIops", path, n))));
        default -> cx.unsupported(value.location(), p, "block I/O setting \"" + key + "\" is not supported by Sentinel's model");
      }
    });
    SectionReads.checked(cx, v, at, DslCall.of("blkio", new DslCall.Configurer("b", b)), calls);
  }

  private static void devices(ImportContext cx, ComposeNode list, String at, String valueKey, BiConsumer<String, ComposeNode> each) {
    cx.forEachItem(list, at, (item, p) -> cx.mapping(item, p).ifPresent(d -> {
      Optional<ComposeNode> path = d.get("path");
      Optional<ComposeNode> value = d.get(valueKey);
      if (path.isEmpty() || value.isEmpty()) {
        cx.error(item.location(), p, "a device entry needs path and " + valueKey);
        return;
      }
      cx.string(path.get(), p + ".path").ifPresent(device -> each.accept(device, value.get()));
    }));
  }

  private static void ulimits(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((name, value) -> {
      String p = at + "." + name;
      cx.located(p, value);
      if (value instanceof Scalar) {
        cx.number(value, p).ifPresent(n -> calls.add(DslCall.of("ulimit", name, n, n)));
        return;
      }
      Optional<Mapping> limits = cx.mapping(value, p);
      if (limits.isEmpty()) {
        return;
      }
      Optional<Long> soft = limits.get().get("soft").flatMap(s -> cx.number(s, p + ".soft"));
      Optional<Long> hard = limits.get().get("hard").flatMap(h -> cx.number(h, p + ".hard"));
      if (soft.isPresent() && hard.isPresent()) {
        calls.add(DslCall.of("ulimit", name, soft.get(), hard.get()));
      } else {
        cx.error(value.location(), p, "a ulimit needs soft and hard (or one number for both)");
      }
    }));
  }
}
