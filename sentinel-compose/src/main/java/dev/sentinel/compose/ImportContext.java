package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Location;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.ComposeNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one import run collects (errors, warnings, where each Compose path was written) and the
 * typed readers every mapper uses, each of which reports a wrong type at the node's line instead of
 * throwing.
 */
final class ImportContext {
  private final boolean lenient;
  private final List<ImportNote> errors = new ArrayList<>();
  private final List<ImportNote> warnings = new ArrayList<>();
  private final Map<String, Location> locations = new LinkedHashMap<>();
  private final List<String> headerComments = new ArrayList<>();

  ImportContext(boolean lenient) {
    this.lenient = lenient;
  }

  List<ImportNote> errors() {
    return errors;
  }

  List<ImportNote> warnings() {
    return warnings;
  }

  /** The comments at the head of the files, before their first key. */
  List<String> headerComments() {
    return headerComments;
  }

  void error(Location at, String path, String message) {
    errors.add(new ImportNote(ImportNote.Level.ERROR, at.file(), at.line(), path, message));
  }

  void warning(Location at, String path, String message) {
    warnings.add(new ImportNote(ImportNote.Level.WARNING, at.file(), at.line(), path, message));
  }

  /** Something the model cannot represent: an error, or in lenient mode a warning that it was dropped. */
  void unsupported(Location at, String path, String why) {
    if (lenient) {
      warning(at, path, "dropped: " + why);
    } else {
      error(at, path, why + " (import with lenient() to drop it with a warning)");
    }
  }

  /** Remembers where {@code path} was written, so validation problems found later can name the line. */
  void located(String path, ComposeNode node) {
    locations.put(path, node.location());
  }

  /** The location of {@code path} or of its nearest recorded parent. */
  Optional<Location> locate(String path) {
    String p = path;
    while (true) {
      Location at = locations.get(p);
      if (at != null) {
        return Optional.of(at);
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return Optional.empty();
      }
      p = p.substring(0, cut);
    }
  }

  // --- typed readers ---

  Optional<String> string(ComposeNode node, String path) {
    if (node instanceof Scalar s && !s.isNull()) {
      return Optional.of(s.text());
    }
    error(node.location(), path, "expected a string, got " + node.kind());
    return Optional.empty();
  }

  Optional<Mapping> mapping(ComposeNode node, String path) {
    if (node instanceof Mapping m) {
      return Optional.of(m);
    }
    error(node.location(), path, "expected a mapping, got " + node.kind());
    return Optional.empty();
  }

  Optional<Boolean> bool(ComposeNode node, String path) {
    Optional<String> text = string(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Optional.of(t.equals("true"));
    }
    error(node.location(), path, "\"" + text.get() + "\" is not true or false");
    return Optional.empty();
  }

  Optional<Long> number(ComposeNode node, String path) {
    return string(node, path).flatMap(text -> parse(node, path, text, ImportContext::parseLong));
  }

  Optional<Integer> integer(ComposeNode node, String path) {
    return number(node, path).flatMap(n -> {
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        error(node.location(), path, n + " is too large");
        return Optional.empty();
      }
      return Optional.of(n.intValue());
    });
  }

  /** YAML integers: decimal, {@code 0o17} / {@code 017} octal, {@code 0x1f} hex. */
  static long parseLong(String text) {
    String t = text.strip().replace("_", "");
    try {
      if (t.startsWith("0o")) {
        return Long.parseLong(t.substring(2), 8);
      }
      if (t.startsWith("0x")) {
        return Long.parseLong(t.substring(2), 16);
      }
      if (t.length() > 1 && t.startsWith("0")) {
        return Long.parseLong(t.substring(1), 8);
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
    }
  }

  /** Runs {@code parser}, reporting its {@link IllegalArgumentException} at the node. */
  <T> Optional<T> parse(ComposeNode node, String path, String text, Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(text));
    } catch (IllegalArgumentException e) {
      error(node.location(), path, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The constant of {@code values} whose Compose spelling is the node's text; otherwise an error
   * listing the spellings, e.g. {@code "sometimes" is not none, on-failure or any}.
   */
  <E extends Enum<E>> Optional<E> choice(ComposeNode node, String path, E[] values, Function<E, String> spelling) {
    Optional<String> text = string(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E value : values) {
      if (spelling.apply(value).equals(text.get())) {
        return Optional.of(value);
      }
    }
    List<String> known = java.util.Arrays.stream(values).map(spelling).toList();
    error(node.location(), path, "\"" + text.get() + "\" is not " + String.join(", ", known.subList(0, known.size() - 1))
        + " or " + known.get(known.size() - 1));
    return Optional.empty();
  }

  /** Makes a model value, reporting its {@link IllegalArgumentException} at the node. */
  <T> Optional<T> attempt(ComposeNode node, String path, Supplier<T> make) {
    try {
      return Optional.of(make.get());
    } catch (IllegalArgumentException e) {
      error(node.location(), path, e.getMessage());
      return Optional.empty();
    }
  }

  /** Calls {@code each} with every item of the list {@code node} and its path ({@code at[i]}); anything else is an error. */
  void forEachItem(ComposeNode node, String at, BiConsumer<ComposeNode, String> each) {
    if (!(node instanceof Sequence seq)) {
      error(node.location(), at, "expected a list, got " + node.kind());
      return;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      each.accept(seq.items().get(i), at + "[" + i + "]");
    }
  }

  /** A list of strings; a single string counts as a one-element list when {@code single} allows it. */
  List<String> strings(ComposeNode node, String path, boolean single) {
    List<String> values = new ArrayList<>();
    if (single && node instanceof Scalar) {
      string(node, path).ifPresent(values::add);
    } else if (node instanceof Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        string(seq.items().get(i), path + "[" + i + "]").ifPresent(values::add);
      }
    } else {
      error(node.location(), path, "expected a list" + (single ? " or a string" : "") + ", got " + node.kind());
    }
    return values;
  }

  /**
   * Compose's "list or dict": {@code {KEY: value}} or {@code [KEY=value]}; a key without a value
   * maps to empty. Values keep their text as written, before interpolation.
   */
  Map<String, Optional<Scalar>> dict(ComposeNode node, String path) {
    Map<String, Optional<Scalar>> values = new LinkedHashMap<>();
    if (node instanceof Mapping m) {
      m.entries().forEach((k, v) -> {
        located(path + "." + k, v);
        if (v instanceof Scalar s) {
          values.put(k, s.isNull() ? Optional.empty() : Optional.of(s));
        } else {
          error(v.location(), path + "." + k, "expected a string, got " + v.kind());
        }
      });
    } else if (node instanceof Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        ComposeNode item = seq.items().get(i);
        if (!(item instanceof Scalar s) || s.isNull()) {
          error(item.location(), path + "[" + i + "]", "expected KEY=VALUE, got " + item.kind());
          continue;
        }
        int eq = s.text().indexOf('=');
        String key = eq < 0 ? s.text() : s.text().substring(0, eq);
        located(path + "." + key, item);
        int writtenEq = s.written().indexOf('=');
        values.put(key, eq < 0 ? Optional.empty() : Optional.of(new Scalar(
            s.text().substring(eq + 1), writtenEq < 0 ? s.written() : s.written().substring(writtenEq + 1), false, false, s.location(), s.tag())));
      }
    } else {
      error(node.location(), path, "expected a mapping or a list of KEY=VALUE, got " + node.kind());
    }
    return values;
  }
}
