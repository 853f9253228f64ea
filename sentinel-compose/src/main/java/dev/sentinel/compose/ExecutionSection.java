package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.DslCall.Varargs;
import dev.sentinel.dsl.Execution;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Execution} section ({@code command}, {@code entrypoint},
 * {@code working_dir}, {@code tty}, {@code stdin_open}, {@code platform}): both directions side by side, so an attribute added to the section is
 * written and read here and nowhere else in this module.
 */
final class ExecutionSection {
  /** The service attributes this section reads. */
  static final Set<String> KEYS = Set.of("command", "entrypoint", "working_dir", "tty", "stdin_open", "platform");

  private ExecutionSection() {}

  /** Writes the section's attributes into a service's Compose mapping, in Compose's usual order. */
  static void write(Execution e, Map<String, Object> service) {
    if (!e.command().isEmpty()) {
      service.put("command", ComposeMapping.literals(e.command()));
    }
    if (!e.entrypoint().isEmpty()) {
      service.put("entrypoint", ComposeMapping.literals(e.entrypoint()));
    }
    e.workingDir().ifPresent(w -> service.put("working_dir", ComposeMapping.literal(w)));
    if (e.tty()) {
      service.put("tty", true);
    }
    if (e.stdinOpen()) {
      service.put("stdin_open", true);
    }
    e.platform().ifPresent(p -> service.put("platform", p));
  }

  /**
   * The DSL calls for one of {@link #KEYS}. A flag set to {@code false} is kept as {@code tty(false)}:
   * in an override file it takes the base file's {@code true} away.
   */
  static void read(ImportContext cx, String key, ComposeNode value, String at, List<DslCall> calls) {
    switch (key) {
      case "command", "entrypoint" -> words(cx, value, at).ifPresent(w -> calls.add(DslCall.of(key, new Varargs(w))));
      case "working_dir" -> SectionReads.serviceText(cx, value, at, "workingDir", calls);
      case "tty" -> cx.bool(value, at).ifPresent(on -> calls.add(on ? DslCall.of("tty") : DslCall.of("tty", false)));
      case "stdin_open" -> cx.bool(value, at).ifPresent(on -> calls.add(on ? DslCall.of("stdinOpen") : DslCall.of("stdinOpen", false)));
      case "platform" -> SectionReads.serviceText(cx, value, at, "platform", calls);
      default -> throw new IllegalArgumentException("not an attribute of the execution section: " + key);
    }
  }

  /** A command as Compose takes it: a list of words, or one string split as a shell would. */
  private static Optional<List<String>> words(ImportContext cx, ComposeNode value, String at) {
    if (value instanceof Scalar s && !s.isNull()) {
      return cx.parse(value, at, s.text(), ShellWords::split);
    }
    return Optional.of(cx.strings(value, at, false));
  }
}
