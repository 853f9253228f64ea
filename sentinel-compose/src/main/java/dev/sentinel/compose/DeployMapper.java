package dev.sentinel.compose;

import dev.sentinel.dsl.DeployRestartPolicy;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.UpdateConfig;
import java.util.ArrayList;
import java.util.List;

/** Maps a service's {@code deploy} section (replicas, resources, update config, placement, restart policy) to DSL calls. */
final class DeployMapper {
  private final ImportContext cx;

  DeployMapper(ImportContext cx) {
    this.cx = cx;
  }

  void deploy(ComposeNode v, String at, List<DslCall> calls) {
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, value) -> {
      String p = at + "." + key;
      cx.located(p, value);
      switch (key) {
        case "replicas" -> cx.integer(value, p).ifPresent(r -> calls.add(DslCall.of("replicas", r)));
        case "mode" -> cx.string(value, p).filter(mode -> !mode.equals("replicated"))
            .ifPresent(mode -> cx.unsupported(value.location(), p, "deploy mode \"" + mode + "\" (Sentinel runs replicated services)"));
        case "resources" -> ResourcesSection.readDeploy(cx, value, p, calls);
        case "update_config" -> updateConfig(value, p, calls);
        case "placement" -> cx.mapping(value, p).ifPresent(pl -> pl.entries().forEach((k, x) -> {
          if (k.equals("constraints")) {
            cx.strings(x, p + ".constraints", false).forEach(c -> calls.add(DslCall.of("placement", c)));
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

  private void updateConfig(ComposeNode v, String at, List<DslCall> calls) {
    List<DslCall> u = new ArrayList<>();
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((key, x) -> {
      String p = at + "." + key;
      switch (key) {
        case "parallelism" -> cx.integer(x, p).ifPresent(n -> u.add(DslCall.of("parallelism", n)));
        case "delay" -> cx.string(x, p).filter(d -> cx.parse(x, p, d, Durations::parse).isPresent()).ifPresent(d -> u.add(DslCall.of("delay", d)));
        case "failure_action" -> cx.choice(x, p, UpdateConfig.FailureAction.values(), UpdateConfig.FailureAction::value)
            .ifPresent(f -> u.add(DslCall.of("failureAction", f)));
        case "order" -> cx.choice(x, p, UpdateConfig.Order.values(), UpdateConfig.Order::value).ifPresent(o -> u.add(DslCall.of("order", o)));
        default -> cx.unsupported(x.location(), p, "update setting \"" + key + "\" is not supported by Sentinel's model");
      }
    }));
    calls.add(DslCall.of("updateConfig", new DslCall.Configurer("u", u)));
  }
}
