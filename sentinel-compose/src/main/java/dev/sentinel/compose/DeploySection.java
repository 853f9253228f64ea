package dev.sentinel.compose;

import dev.sentinel.dsl.Deploy;
import dev.sentinel.dsl.DeployRestartPolicy;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.Resources;
import dev.sentinel.dsl.UpdateConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose in and out for the {@link Deploy} section: {@code deploy} (replicas, update config,
 * placement, restart policy, mode, endpoint mode, labels, rollback config; its {@code resources} are
 * {@link ResourcesSection}'s).
 */
final class DeploySection {
  private final ImportContext cx;

  DeploySection(ImportContext cx) {
    this.cx = cx;
  }

  /** Writes {@code deploy} into a service's Compose mapping, when there is anything to say. */
  static void write(Deploy d, Resources r, Map<String, Object> service) {
    Map<String, Object> deploy = deploy(d, r);
    if (!deploy.isEmpty()) {
      service.put("deploy", deploy);
    }
  }

  private static Map<String, Object> deploy(Deploy d, Resources r) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (d.global()) {
      m.put("mode", "global");
    }
    if (d.replicas() != 1) {
      m.put("replicas", d.replicas());
    }
    if (d.dnsRoundRobin()) {
      m.put("endpoint_mode", "dnsrr");
    }
    if (!d.labels().isEmpty()) {
      m.put("labels", new LinkedHashMap<>(d.labels()));
    }
    ResourcesSection.write(r, m);
    d.update().ifPresent(u -> m.put("update_config", updateConfig(u)));
    d.rollback().ifPresent(u -> m.put("rollback_config", updateConfig(u)));
    Map<String, Object> placement = new LinkedHashMap<>();
    if (!d.placementConstraints().isEmpty()) {
      placement.put("constraints", new ArrayList<>(d.placementConstraints()));
    }
    if (!d.placementPreferences().isEmpty()) {
      placement.put("preferences", new ArrayList<>(d.placementPreferences().stream().map(l -> Map.of("spread", l)).toList()));
    }
    d.maxReplicasPerNode().ifPresent(n -> placement.put("max_replicas_per_node", n));
    if (!placement.isEmpty()) {
      m.put("placement", placement);
    }
    d.restartPolicy().ifPresent(p -> {
      Map<String, Object> restart = new LinkedHashMap<>();
      restart.put("condition", p.condition().value());
      p.delay().ifPresent(delay -> restart.put("delay", Durations.format(delay)));
      p.maxAttempts().ifPresent(n -> restart.put("max_attempts", n));
      p.window().ifPresent(w -> restart.put("window", Durations.format(w)));
      m.put("restart_policy", restart);
    });
    return m;
  }

  private static Map<String, Object> updateConfig(UpdateConfig u) {
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("parallelism", u.parallelism());
    update.put("delay", Durations.format(u.delay()));
    update.put("failure_action", u.failureAction().value());
    update.put("order", u.order().value());
    u.monitor().ifPresent(m -> update.put("monitor", Durations.format(m)));
    if (u.maxFailureRatio() > 0) {
      update.put("max_failure_ratio", u.maxFailureRatio());
    }
    return update;
  }


  void deploy(ComposeNode v, String at, List<DslCall> calls) {
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, value) -> {
      String p = at + "." + key;
      cx.located(p, value);
      switch (key) {
        case "replicas" -> cx.integer(value, p).ifPresent(r -> calls.add(DslCall.of("replicas", r)));
        case "mode" -> cx.string(value, p).filter(mode -> !mode.equals("replicated")).ifPresent(mode -> {
          if (mode.equals("global")) {
            calls.add(DslCall.of("global"));
          } else {
            cx.unsupported(value.location(), p, "deploy mode \"" + mode + "\" (Sentinel runs replicated and global services)");
          }
        });
        case "endpoint_mode" -> cx.string(value, p).ifPresent(mode -> {
          switch (mode) {
            case "dnsrr" -> calls.add(DslCall.of("dnsRoundRobin"));
            case "vip" -> { }
            default -> cx.error(value.location(), p, "\"" + mode + "\" is not vip or dnsrr");
          }
        });
        case "labels" -> cx.dict(value, p).forEach((k, x) -> calls.add(DslCall.of("deployLabel", k, x.map(ComposeNode.Scalar::text).orElse(""))));
        case "rollback_config" -> updateConfig(value, p, "rollbackConfig", calls);
        case "resources" -> ResourcesSection.readDeploy(cx, value, p, calls);
        case "update_config" -> updateConfig(value, p, "updateConfig", calls);
        case "placement" -> cx.mapping(value, p).ifPresent(pl -> pl.entries().forEach((k, x) -> {
          if (k.equals("constraints")) {
            cx.strings(x, p + ".constraints", false).forEach(c -> calls.add(DslCall.of("placement", c)));
          } else if (k.equals("preferences")) {
            cx.forEachItem(x, p + ".preferences", (item, q) -> cx.mapping(item, q).ifPresent(pref -> pref.entries().forEach((kind, label) -> {
              if (kind.equals("spread")) {
                cx.string(label, q + ".spread").ifPresent(l -> SectionReads.checked(cx, label, q + ".spread", DslCall.of("placementSpread", l), calls));
              } else {
                cx.unsupported(label.location(), q + "." + kind, "placement preference \"" + kind + "\" is not supported (Swarm knows spread only)");
              }
            })));
          } else if (k.equals("max_replicas_per_node")) {
            cx.integer(x, p + ".max_replicas_per_node")
                .ifPresent(n -> SectionReads.checked(cx, x, p + ".max_replicas_per_node", DslCall.of("maxReplicasPerNode", n), calls));
          } else {
            cx.unsupported(x.location(), p + "." + k, "placement setting \"" + k + "\" is not supported by Sentinel's model");
          }
        }));
        case "restart_policy" -> restartPolicy(value, p, calls);
        default -> cx.unsupported(value.location(), p, "deploy setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }));
  }

  private void restartPolicy(ComposeNode v, String at, List<DslCall> calls) {
    List<DslCall> r = new ArrayList<>();
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, x) -> {
      String p = at + "." + key;
      switch (key) {
        case "condition" -> cx.choice(x, p, DeployRestartPolicy.Condition.values(), DeployRestartPolicy.Condition::value)
            .ifPresent(k -> r.add(DslCall.of("condition", k)));
        case "delay", "window" -> cx.string(x, p).filter(d -> cx.parse(x, p, d, Durations::parse).isPresent()).ifPresent(d -> r.add(DslCall.of(key, d)));
        case "max_attempts" -> cx.integer(x, p).ifPresent(n -> r.add(DslCall.of("maxAttempts", n)));
        default -> cx.unsupported(x.location(), p, "restart policy setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }));
    calls.add(DslCall.of("deployRestartPolicy", new DslCall.Configurer("r", r)));
  }

  private void updateConfig(ComposeNode v, String at, String method, List<DslCall> calls) {
    List<DslCall> u = new ArrayList<>();
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, x) -> {
      String p = at + "." + key;
      switch (key) {
        case "parallelism" -> cx.integer(x, p).ifPresent(n -> u.add(DslCall.of("parallelism", n)));
        case "delay" -> cx.string(x, p).filter(d -> cx.parse(x, p, d, Durations::parse).isPresent()).ifPresent(d -> u.add(DslCall.of("delay", d)));
        case "failure_action" -> cx.choice(x, p, UpdateConfig.FailureAction.values(), UpdateConfig.FailureAction::value)
            .ifPresent(f -> u.add(DslCall.of("failureAction", f)));
        case "order" -> cx.choice(x, p, UpdateConfig.Order.values(), UpdateConfig.Order::value).ifPresent(o -> u.add(DslCall.of("order", o)));
        case "monitor" -> cx.string(x, p).filter(d -> cx.parse(x, p, d, Durations::parse).isPresent()).ifPresent(d -> u.add(DslCall.of("monitor", d)));
        case "max_failure_ratio" -> cx.string(x, p).flatMap(r -> cx.parse(x, p, r, Double::valueOf))
            .ifPresent(r -> u.add(DslCall.of("maxFailureRatio", r)));
        default -> cx.unsupported(x.location(), p, "update setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }));
    calls.add(DslCall.of(method, new DslCall.Configurer("u", u)));
  }
}
