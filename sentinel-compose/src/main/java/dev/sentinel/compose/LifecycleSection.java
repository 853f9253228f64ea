package dev.sentinel.compose;

import com.squareup.javapoet.CodeBlock;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Sequence;
import dev.sentinel.compose.DslCall.Varargs;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.HealthCheck;
import dev.sentinel.dsl.Hook;
import dev.sentinel.dsl.Lifecycle;
import dev.sentinel.dsl.RestartPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Lifecycle} section: {@code healthcheck}, Sentinel's {@code
 * x-sentinel-readiness} (through {@link ReadinessSection}), {@code depends_on}, {@code restart},
 * {@code stop_grace_period}, {@code stop_signal}, and the {@code post_start} and {@code pre_stop} hooks.
 */
final class LifecycleSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("healthcheck", ReadinessSection.KEY, "depends_on", "restart", "stop_grace_period", "stop_signal",
      "post_start", "pre_stop");

  /** The settings of one hook, as the Compose schema's {@code service_hook} has them. */
  private static final Set<String> HOOK_KEYS = Set.of("command", "user", "privileged", "working_dir", "environment");

  private LifecycleSection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Lifecycle l, Map<String, Object> m) {
    l.healthCheck().ifPresent(h -> m.put("healthcheck", healthCheck(h)));
    ReadinessSection.write(l.readiness(), m);
    if (!l.dependsOn().isEmpty()) {
      Map<String, Object> deps = new LinkedHashMap<>();
      for (Dependency d : l.dependsOn().values()) {
        Map<String, Object> dep = new LinkedHashMap<>();
        dep.put("condition", d.condition().composeName());
        if (d.restart()) {
          dep.put("restart", true);
        }
        if (!d.required()) {
          dep.put("required", false);
        }
        deps.put(d.service(), dep);
      }
      m.put("depends_on", deps);
    }
    l.restart().ifPresent(r -> m.put("restart", r.toString()));
    l.stopGracePeriod().ifPresent(d -> m.put("stop_grace_period", Durations.format(d)));
    l.stopSignal().ifPresent(sig -> m.put("stop_signal", sig));
    if (!l.postStart().isEmpty()) {
      m.put("post_start", new ArrayList<>(l.postStart().stream().map(LifecycleSection::hook).toList()));
    }
    if (!l.preStop().isEmpty()) {
      m.put("pre_stop", new ArrayList<>(l.preStop().stream().map(LifecycleSection::hook).toList()));
    }
  }

  private static Map<String, Object> healthCheck(HealthCheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (h.isDisabled()) {
      m.put("disable", true);
      return m;
    }
    m.put("test", ComposeMapping.literals(h.test().toEngineForm()));
    h.interval().ifPresent(d -> m.put("interval", Durations.format(d)));
    h.timeout().ifPresent(d -> m.put("timeout", Durations.format(d)));
    h.retries().ifPresent(r -> m.put("retries", r));
    h.startPeriod().ifPresent(d -> m.put("start_period", Durations.format(d)));
    h.startInterval().ifPresent(d -> m.put("start_interval", Durations.format(d)));
    return m;
  }

  private static Map<String, Object> hook(Hook h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", ComposeMapping.literals(h.command()));
    h.user().ifPresent(u -> m.put("user", ComposeMapping.literal(u)));
    if (h.privileged()) {
      m.put("privileged", true);
    }
    h.workingDir().ifPresent(w -> m.put("working_dir", ComposeMapping.literal(w)));
    if (!h.environment().isEmpty()) {
      Map<String, Object> env = new LinkedHashMap<>();
      h.environment().forEach((k, v) -> env.put(k, ComposeMapping.literal(v)));
      m.put("environment", env);
    }
    return m;
  }

  /** The DSL calls for one of {@link #KEYS}, each value checked with the model's own parser. */
  static void read(ImportContext cx, String key, ComposeNode v, String at, List<DslCall> calls) {
    switch (key) {
      case "healthcheck" -> healthCheck(cx, v, at, calls);
      case ReadinessSection.KEY -> ReadinessSection.read(cx, v, at, calls);
      case "depends_on" -> dependsOn(cx, v, at, calls);
      case "restart" -> cx.string(v, at).filter(r -> cx.parse(v, at, r, RestartPolicy::parse).isPresent())
          .ifPresent(r -> calls.add(DslCall.of("restart", r)));
      case "stop_grace_period" -> SectionReads.duration(cx, v, at, "stopGracePeriod", calls);
      case "stop_signal" -> SectionReads.serviceText(cx, v, at, "stopSignal", calls);
      case "post_start", "pre_stop" -> cx.forEachItem(v, at, (item, p) -> hook(cx, item, p)
          .ifPresent(h -> calls.add(DslCall.of(key.equals("post_start") ? "postStart" : "preStop", new DslCall.Source(h, code(h))))));
      default -> throw new IllegalArgumentException("not an attribute of the lifecycle section: " + key);
    }
  }

  private static void healthCheck(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    Optional<Mapping> m = cx.mapping(v, at);
    if (m.isEmpty()) {
      return;
    }
    List<DslCall> h = new ArrayList<>();
    m.get().entries().forEach((key, value) -> {
      String p = at + "." + key;
      switch (key) {
        case "test" -> healthTest(cx, value, p, h);
        case "disable" -> cx.bool(value, p).ifPresent(off -> {
          if (off) {
            h.add(DslCall.of("disable"));
          }
        });
        case "interval" -> SectionReads.duration(cx, value, p, "every", h);
        case "timeout" -> SectionReads.duration(cx, value, p, "timeout", h);
        case "start_period" -> SectionReads.duration(cx, value, p, "startPeriod", h);
        case "start_interval" -> SectionReads.duration(cx, value, p, "startInterval", h);
        case "retries" -> cx.integer(value, p).ifPresent(r -> h.add(DslCall.of("retries", r)));
        default -> cx.unsupported(value.location(), p, "health check setting \"" + key + "\" is not supported by Sentinel's model");
      }
    });
    calls.add(DslCall.of("healthCheck", new DslCall.Configurer("h", h)));
  }

  private static void healthTest(ImportContext cx, ComposeNode value, String p, List<DslCall> h) {
    if (value instanceof Scalar) {
      cx.string(value, p).ifPresent(line -> h.add(DslCall.of("shell", line)));
      return;
    }
    List<String> test = cx.strings(value, p, false);
    if (test.isEmpty()) {
      cx.error(value.location(), p, "an empty test; write [\"NONE\"] or disable: true to switch the check off");
      return;
    }
    switch (test.get(0)) {
      case "NONE" -> h.add(DslCall.of("disable"));
      case "CMD-SHELL" -> {
        if (test.size() != 2) {
          cx.error(value.location(), p, "CMD-SHELL takes one command line, got " + (test.size() - 1));
        } else {
          h.add(DslCall.of("shell", test.get(1)));
        }
      }
      case "CMD" -> {
        if (test.size() < 2) {
          cx.error(value.location(), p, "CMD needs a program to run");
        } else {
          h.add(DslCall.of("command", test.get(1), new Varargs(test.subList(2, test.size()))));
        }
      }
      default -> cx.error(value.location(), p, "a test list starts with CMD, CMD-SHELL or NONE, not \"" + test.get(0) + "\"");
    }
  }

  private static void dependsOn(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    if (v instanceof Sequence) {
      cx.strings(v, at, false).forEach(d -> calls.add(DslCall.of("dependsOn", d)));
      return;
    }
    cx.mapping(v, at).ifPresent(m -> m.entries().forEach((service, settings) -> {
      String p = at + "." + service;
      cx.located(p, settings);
      Dependency.Condition condition = Dependency.Condition.STARTED;
      boolean restart = false;
      boolean required = true;
      Optional<Mapping> s = cx.mapping(settings, p);
      if (s.isEmpty()) {
        return;
      }
      for (Map.Entry<String, ComposeNode> e : s.get().entries().entrySet()) {
        String q = p + "." + e.getKey();
        switch (e.getKey()) {
          case "condition" -> condition = cx.choice(e.getValue(), q, Dependency.Condition.values(), Dependency.Condition::composeName)
              .orElse(condition);
          case "restart" -> restart = cx.bool(e.getValue(), q).orElse(false);
          case "required" -> required = cx.bool(e.getValue(), q).orElse(true);
          default -> cx.unsupported(e.getValue().location(), q, "dependency setting \"" + e.getKey() + "\" is not supported by Sentinel's model");
        }
      }
      String method = required ? "dependsOn" : "dependsOnIfAvailable";
      calls.add(restart ? DslCall.of(method, service, condition, true) : DslCall.of(method, service, condition));
    }));
  }

  /** One hook; empty when a setting was reported as bad. */
  private static Optional<Hook> hook(ImportContext cx, ComposeNode node, String at) {
    Optional<ComposeNode.Mapping> m = cx.mapping(node, at);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    Map<String, ComposeNode> f = m.get().entries();
    for (Map.Entry<String, ComposeNode> e : f.entrySet()) {
      if (!HOOK_KEYS.contains(e.getKey())) {
        cx.error(e.getValue().location(), at + "." + e.getKey(), "\"" + e.getKey() + "\" is not a hook setting; known: "
            + String.join(", ", HOOK_KEYS.stream().sorted().toList()));
        return Optional.empty();
      }
    }
    if (!f.containsKey("command")) {
      cx.error(node.location(), at, "a hook needs a command");
      return Optional.empty();
    }
    ComposeNode command = f.get("command");
    Optional<List<String>> words = command instanceof Scalar s && !s.isNull()
        ? cx.parse(command, at + ".command", s.text(), ShellWords::split)
        : Optional.of(cx.strings(command, at + ".command", false));
    if (words.isEmpty() || words.get().isEmpty()) {
      if (words.isPresent()) {
        cx.error(command.location(), at + ".command", "a hook command must not be empty");
      }
      return Optional.empty();
    }
    Map<String, String> env = new LinkedHashMap<>();
    boolean[] bad = {false};
    if (f.containsKey("environment")) {
      cx.dict(f.get("environment"), at + ".environment").forEach((k, value) -> {
        if (value.isEmpty()) {
          cx.error(f.get("environment").location(), at + ".environment." + k, "a hook variable needs a value");
          bad[0] = true;
        } else {
          env.put(k, value.get().text());
        }
      });
    }
    Optional<String> user = f.containsKey("user") ? cx.string(f.get("user"), at + ".user") : Optional.empty();
    Optional<String> dir = f.containsKey("working_dir") ? cx.string(f.get("working_dir"), at + ".working_dir") : Optional.empty();
    boolean privileged = f.containsKey("privileged") && cx.bool(f.get("privileged"), at + ".privileged").orElse(false);
    if (bad[0]) {
      return Optional.empty();
    }
    return cx.attempt(node, at, () -> {
      Hook h = Hook.command(words.get());
      h = user.isPresent() ? h.withUser(user.get()) : h;
      h = privileged ? h.withPrivileges() : h;
      h = dir.isPresent() ? h.withWorkingDir(dir.get()) : h;
      for (Map.Entry<String, String> e : env.entrySet()) {
        h = h.withEnvironment(e.getKey(), e.getValue());
      }
      return h;
    });
  }

  /** The Java that makes {@code h}, e.g. {@code Hook.command("sh", "-c", "...").withUser("root")}. */
  private static CodeBlock code(Hook h) {
    CodeBlock.Builder b = CodeBlock.builder().add("$T.command($L)", Hook.class,
        CodeBlock.join(h.command().stream().map(w -> CodeBlock.of("$S", w)).toList(), ", "));
    h.user().ifPresent(u -> b.add(".withUser($S)", u));
    if (h.privileged()) {
      b.add(".withPrivileges()");
    }
    h.workingDir().ifPresent(d -> b.add(".withWorkingDir($S)", d));
    h.environment().forEach((k, v) -> b.add(".withEnvironment($S, $S)", k, v));
    return b.build();
  }
}
