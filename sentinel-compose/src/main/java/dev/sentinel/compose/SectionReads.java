package dev.sentinel.compose;

import dev.sentinel.compose.DslCall.Varargs;
import dev.sentinel.dsl.Durations;
import dev.sentinel.dsl.Size;
import dev.sentinel.dsl.Stack;
import java.util.List;

/**
 * The common shapes of reading one Compose value into one DSL call, shared by the service sections:
 * each value is checked with the model's own parser, so a bad one is reported at its line.
 */
final class SectionReads {
  private SectionReads() {}

  /** A string, as {@code method(text)}. */
  static void text(ImportContext cx, ComposeNode v, String at, String method, List<DslCall> calls) {
    cx.string(v, at).ifPresent(t -> calls.add(DslCall.of(method, t)));
  }

  /** A string as {@code method(text)} on the service, checked by the DSL where it is written (see {@link #checked}). */
  static void serviceText(ImportContext cx, ComposeNode v, String at, String method, List<DslCall> calls) {
    cx.string(v, at).ifPresent(t -> checked(cx, v, at, DslCall.of(method, t), calls));
  }

  /**
   * Adds a service call after replaying it on a throwaway service, so a value the DSL refuses (a
   * malformed platform, a weight out of range) is reported at its file and line, with the DSL's message.
   */
  static void checked(ImportContext cx, ComposeNode v, String at, DslCall call, List<DslCall> calls) {
    if (cx.attempt(v, at, () -> Stack.builder("probe").service("probe", call::applyTo)).isPresent()) {
      calls.add(call);
    }
  }

  /** A boolean that only matters when true, as {@code method()}. */
  static void flag(ImportContext cx, ComposeNode v, String at, String method, List<DslCall> calls) {
    cx.bool(v, at).filter(on -> on).ifPresent(on -> calls.add(DslCall.of(method)));
  }

  /** A list of strings (or, when {@code single}, one string), as {@code method(a, b, ...)}; nothing when empty. */
  static void list(ImportContext cx, ComposeNode v, String at, boolean single, String method, List<DslCall> calls) {
    List<String> values = cx.strings(v, at, single);
    if (!values.isEmpty()) {
      calls.add(DslCall.of(method, new Varargs(values)));
    }
  }

  /** A size such as {@code 512m}, as {@code method("512m")}. */
  static void size(ImportContext cx, ComposeNode v, String at, String method, List<DslCall> calls) {
    cx.string(v, at).filter(s -> cx.parse(v, at, s, Size::parse).isPresent()).ifPresent(s -> calls.add(DslCall.of(method, s)));
  }

  /** A duration such as {@code 1m30s}, as {@code method("1m30s")}. */
  static void duration(ImportContext cx, ComposeNode v, String at, String method, List<DslCall> calls) {
    cx.string(v, at).filter(d -> cx.parse(v, at, d, Durations::parse).isPresent()).ifPresent(d -> calls.add(DslCall.of(method, d)));
  }
}
