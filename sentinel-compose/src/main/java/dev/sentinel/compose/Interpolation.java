package dev.sentinel.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or
 * empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}} / {@code ${VAR?message}} (an
 * error), {@code ${VAR:+replacement}} / {@code ${VAR+replacement}}, and {@code $$} for a literal
 * {@code $}. Defaults may themselves contain variables.
 */
final class Interpolation {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What {@link #resolve} could not do: an unset required variable, or bad syntax. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A variable reference that is a whole value, e.g. {@code ${DB_HOST:-db}}: kept as a reference by the import. */
  record Reference(String variable, Optional<String> defaultValue, boolean required) {}

  private final Map<String, String> variables;
  private final List<String> unset = new ArrayList<>();

  Interpolation(Map<String, String> variables) {
    this.variables = variables;
  }

  /** The variables that were used unset (and so became empty strings) since the last call. */
  List<String> drainUnset() {
    List<String> drained = List.copyOf(unset);
    unset.clear();
    return drained;
  }

  /**
   * When {@code text} is exactly one reference {@code ${VAR}}, {@code ${VAR:-literal}} or {@code
   * ${VAR:?message}}, that reference; such values can stay references in the model.
   */
  static Optional<Reference> wholeReference(String text) {
    if (!text.startsWith("${") || !text.endsWith("}") || text.indexOf('}') != text.length() - 1) {
      return Optional.empty();
    }
    String inner = text.substring(2, text.length() - 1);
    int op = firstNonNameChar(inner);
    String name = inner.substring(0, op);
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    String rest = inner.substring(op);
    if (rest.isEmpty()) {
      return Optional.of(new Reference(name, Optional.empty(), false));
    }
    if (rest.startsWith(":-") && !rest.contains("$")) {
      return Optional.of(new Reference(name, Optional.of(rest.substring(2)), false));
    }
    if (rest.startsWith(":?")) {
      return Optional.of(new Reference(name, Optional.empty(), true));
    }
    return Optional.empty();
  }

  /** {@code text} with every reference replaced and {@code $$} turned into {@code $}. */
  String resolve(String text) throws Failure {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        out.append('$');
        i++;
      } else if (text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (text.charAt(i + 1) == '{') {
        int close = matchingBrace(text, i + 1);
        if (close < 0) {
          throw new Failure("\"" + text + "\" has an unclosed ${ at position " + i);
        }
        out.append(braced(text.substring(i + 2, close), text));
        i = close + 1;
      } else {
        int end = i + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        String name = text.substring(i + 1, end);
        if (name.isEmpty() || !NAME.matcher(name).matches()) {
          throw new Failure("\"" + text + "\" has a $ that starts no variable (write $$ for a literal $)");
        }
        out.append(lookup(name));
        i = end;
      }
    }
    return out.toString();
  }

  private String braced(String inner, String whole) throws Failure {
    int op = firstNonNameChar(inner);
    String name = inner.substring(0, op);
    if (!NAME.matcher(name).matches()) {
      throw new Failure("\"" + whole + "\" has an invalid variable reference ${" + inner + "}");
    }
    String rest = inner.substring(op);
    Optional<String> value = Optional.ofNullable(variables.get(name));
    boolean setAndNotEmpty = value.isPresent() && !value.get().isEmpty();
    if (rest.isEmpty()) {
      return lookup(name);
    }
    if (rest.startsWith(":-")) {
      return setAndNotEmpty ? value.get() : resolve(rest.substring(2));
    }
    if (rest.startsWith("-")) {
      return value.isPresent() ? value.get() : resolve(rest.substring(1));
    }
    if (rest.startsWith(":?")) {
      if (!setAndNotEmpty) {
        throw new Failure("required variable " + name + " is missing a value: " + resolve(rest.substring(2)));
      }
      return value.get();
    }
    if (rest.startsWith("?")) {
      if (value.isEmpty()) {
        throw new Failure("required variable " + name + " is missing a value: " + resolve(rest.substring(1)));
      }
      return value.get();
    }
    if (rest.startsWith(":+")) {
      return setAndNotEmpty ? resolve(rest.substring(2)) : "";
    }
    if (rest.startsWith("+")) {
      return value.isPresent() ? resolve(rest.substring(1)) : "";
    }
    throw new Failure("\"" + whole + "\" has an invalid variable reference ${" + inner + "}");
  }

  private String lookup(String name) {
    String value = variables.get(name);
    if (value == null) {
      unset.add(name);
      return "";
    }
    return value;
  }

  private static int firstNonNameChar(String s) {
    int i = 0;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  private static int matchingBrace(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
