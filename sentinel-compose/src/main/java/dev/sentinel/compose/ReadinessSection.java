package dev.sentinel.compose;

import com.squareup.javapoet.CodeBlock;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for a service's {@link Readiness} conditions, which Compose has no attribute
 * for: the extension {@code x-sentinel-readiness}, a list of one-key mappings.
 *
 * <pre>{@code
 * x-sentinel-readiness:
 *   - http: {port: 8080, path: /health, status: 200, body_contains: UP, timeout: 30s}
 *   - any_of:
 *       conditions: [{log_line: {regex: "ready to consume"}}, {command: {command: [test, -f, /tmp/ready]}}]
 *   - completed: {timeout: 2m}
 * }</pre>
 */
final class ReadinessSection {
  /** The service attribute this section reads. */
  static final String KEY = "x-sentinel-readiness";

  private static final Map<String, Set<String>> FIELDS = Map.of(
      "http", Set.of("port", "path", "status", "body_contains", "timeout"),
      "tcp", Set.of("port", "timeout"),
      "log_line", Set.of("regex", "times", "timeout"),
      "command", Set.of("command", "timeout"),
      "completed", Set.of("timeout"),
      "all_of", Set.of("conditions", "timeout"),
      "any_of", Set.of("conditions", "timeout"));

  private ReadinessSection() {}

  /** Writes the conditions, if any, into a service's Compose mapping. */
  static void write(List<Readiness> conditions, Map<String, Object> m) {
    if (!conditions.isEmpty()) {
      m.put(KEY, conditions.stream().map(ReadinessSection::toCompose).toList());
    }
  }

  private static Map<String, Object> toCompose(Readiness r) {
    Map<String, Object> fields = new LinkedHashMap<>();
    String kind;
    if (r instanceof Readiness.Http h) {
      kind = "http";
      fields.put("port", h.port());
      fields.put("path", h.path());
      h.status().ifPresent(s -> fields.put("status", s));
      h.bodyContains().ifPresent(b -> fields.put("body_contains", b));
    } else if (r instanceof Readiness.Tcp t) {
      kind = "tcp";
      fields.put("port", t.port());
    } else if (r instanceof Readiness.LogLine l) {
      kind = "log_line";
      fields.put("regex", l.regex());
      if (l.times() != 1) {
        fields.put("times", l.times());
      }
    } else if (r instanceof Readiness.Command c) {
      kind = "command";
      fields.put("command", new ArrayList<>(c.command()));
    } else if (r instanceof Readiness.Completed) {
      kind = "completed";
    } else if (r instanceof Readiness.AllOf a) {
      kind = "all_of";
      fields.put("conditions", a.strategies().stream().map(ReadinessSection::toCompose).toList());
    } else {
      kind = "any_of";
      fields.put("conditions", ((Readiness.AnyOf) r).strategies().stream().map(ReadinessSection::toCompose).toList());
    }
    r.timeout().ifPresent(t -> fields.put("timeout", Durations.format(t)));
    return Map.of(kind, fields);
  }

  /** One {@code readiness(...)} call per condition of {@code v}; a bad one is reported at its line. */
  static void read(ImportContext cx, ComposeNode v, String at, List<DslCall> calls) {
    cx.forEachItem(v, at, (item, p) -> condition(cx, item, p)
        .ifPresent(r -> calls.add(DslCall.of("readiness", new DslCall.Source(r, code(r))))));
  }

  private static Optional<Readiness> condition(ImportContext cx, ComposeNode node, String at) {
    Optional<Mapping> one = cx.mapping(node, at);
    if (one.isEmpty()) {
      return Optional.empty();
    }
    if (one.get().entries().size() != 1) {
      cx.error(node.location(), at, "a readiness condition is one of " + String.join(", ", FIELDS.keySet().stream().sorted().toList())
          + ", with its settings");
      return Optional.empty();
    }
    var entry = one.get().entries().entrySet().iterator().next();
    String kind = entry.getKey();
    String p = at + "." + kind;
    if (!FIELDS.containsKey(kind)) {
      cx.error(node.location(), p, "\"" + kind + "\" is not a readiness condition; known: "
          + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
      return Optional.empty();
    }
    Map<String, ComposeNode> fields = new LinkedHashMap<>();
    if (!(entry.getValue() instanceof ComposeNode.Scalar s && s.isNull())) {
      Optional<Mapping> m = cx.mapping(entry.getValue(), p);
      if (m.isEmpty()) {
        return Optional.empty();
      }
      fields.putAll(m.get().entries());
    }
    for (String field : fields.keySet()) {
      if (!FIELDS.get(kind).contains(field)) {
        cx.error(fields.get(field).location(), p + "." + field, "\"" + field + "\" is not a setting of " + kind + "; known: "
            + String.join(", ", FIELDS.get(kind).stream().sorted().toList()));
        return Optional.empty();
      }
    }
    return cx.attempt(entry.getValue(), p, () -> Optional.ofNullable(make(cx, kind, fields, p))).flatMap(r -> r);
  }

  /** The condition; null when a field was reported as bad already. */
  private static Readiness make(ImportContext cx, String kind, Map<String, ComposeNode> f, String p) {
    Optional<Duration> timeout = f.containsKey("timeout")
        ? cx.string(f.get("timeout"), p + ".timeout").flatMap(t -> cx.parse(f.get("timeout"), p + ".timeout", t, Durations::parse))
        : Optional.empty();
    if (f.containsKey("timeout") && timeout.isEmpty()) {
      return null;
    }
    Readiness r = switch (kind) {
      case "http" -> {
        Optional<Integer> port = required(cx, f, "port", p).flatMap(n -> cx.integer(n, p + ".port"));
        Optional<String> path = f.containsKey("path") ? cx.string(f.get("path"), p + ".path") : Optional.of("/");
        if (port.isEmpty() || path.isEmpty()) {
          yield null;
        }
        Readiness.Http http = Readiness.http(port.get(), path.get());
        if (f.containsKey("status")) {
          Optional<Integer> status = cx.integer(f.get("status"), p + ".status");
          if (status.isEmpty()) {
            yield null;
          }
          http = http.status(status.get());
        }
        if (f.containsKey("body_contains")) {
          Optional<String> body = cx.string(f.get("body_contains"), p + ".body_contains");
          if (body.isEmpty()) {
            yield null;
          }
          http = http.bodyContains(body.get());
        }
        yield http;
      }
      case "tcp" -> required(cx, f, "port", p).flatMap(n -> cx.integer(n, p + ".port")).map(Readiness::tcp).orElse(null);
      case "log_line" -> {
        Optional<String> regex = required(cx, f, "regex", p).flatMap(n -> cx.string(n, p + ".regex"));
        Optional<Integer> times = f.containsKey("times") ? cx.integer(f.get("times"), p + ".times") : Optional.of(1);
        yield regex.isEmpty() || times.isEmpty() ? null : Readiness.logLine(regex.get(), times.get());
      }
      case "command" -> {
        Optional<ComposeNode> command = required(cx, f, "command", p);
        List<String> words = command.map(n -> cx.strings(n, p + ".command", false)).orElse(List.of());
        yield words.isEmpty() ? null : Readiness.command(words.toArray(String[]::new));
      }
      case "completed" -> Readiness.completed();
      default -> {
        Optional<ComposeNode> list = required(cx, f, "conditions", p);
        if (list.isEmpty()) {
          yield null;
        }
        List<Readiness> inner = new ArrayList<>();
        boolean[] bad = {false};
        cx.forEachItem(list.get(), p + ".conditions", (item, ip) -> condition(cx, item, ip).ifPresentOrElse(inner::add, () -> bad[0] = true));
        if (bad[0]) {
          yield null;
        }
        Readiness[] all = inner.toArray(Readiness[]::new);
        yield kind.equals("all_of") ? Readiness.allOf(all) : Readiness.anyOf(all);
      }
    };
    return r == null || timeout.isEmpty() ? r : r.within(timeout.get());
  }

  private static Optional<ComposeNode> required(ImportContext cx, Map<String, ComposeNode> f, String field, String p) {
    if (!f.containsKey(field)) {
      throw new IllegalArgumentException("\"" + field + "\" is required");
    }
    return Optional.of(f.get(field));
  }

  /** The condition as the Java that makes it, e.g. {@code Readiness.http(8080, "/health").status(200)}. */
  static CodeBlock code(Readiness r) {
    CodeBlock made;
    if (r instanceof Readiness.Http h) {
      CodeBlock.Builder b = CodeBlock.builder().add("$T.http($L, $S)", Readiness.class, h.port(), h.path());
      h.status().ifPresent(s -> b.add(".status($L)", s));
      h.bodyContains().ifPresent(s -> b.add(".bodyContains($S)", s));
      made = b.build();
    } else if (r instanceof Readiness.Tcp t) {
      made = CodeBlock.of("$T.tcp($L)", Readiness.class, t.port());
    } else if (r instanceof Readiness.LogLine l) {
      made = l.times() == 1 ? CodeBlock.of("$T.logLine($S)", Readiness.class, l.regex())
          : CodeBlock.of("$T.logLine($S, $L)", Readiness.class, l.regex(), l.times());
    } else if (r instanceof Readiness.Command c) {
      made = CodeBlock.of("$T.command($L)", Readiness.class, CodeBlock.join(c.command().stream().map(w -> CodeBlock.of("$S", w)).toList(), ", "));
    } else if (r instanceof Readiness.Completed) {
      made = CodeBlock.of("$T.completed()", Readiness.class);
    } else {
      List<Readiness> inner = r instanceof Readiness.AllOf a ? a.strategies() : ((Readiness.AnyOf) r).strategies();
      made = CodeBlock.of("$T.$N($L)", Readiness.class, r instanceof Readiness.AllOf ? "allOf" : "anyOf",
          CodeBlock.join(inner.stream().map(ReadinessSection::code).toList(), ", "));
    }
    return r.timeout().isEmpty() ? made
        : CodeBlock.of("$L.within($T.parse($S))", made, Durations.class, Durations.format(r.timeout().get()));
  }
}
