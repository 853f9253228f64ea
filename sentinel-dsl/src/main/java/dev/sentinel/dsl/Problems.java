package dev.sentinel.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collects what builders find wrong, so that one pass reports every problem instead of the first.
 */
final class Problems {
  private final List<Problem> found = new ArrayList<>();

  void add(String path, String message) {
    found.add(new Problem(path, message));
  }

  /**
   * Parses {@code text}, or records why it could not be parsed at {@code path} and returns empty.
   */
  <T> Optional<T> parse(String path, String text, Function<String, T> parser) {
    if (text == null) {
      add(path, "a value is required, got null");
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text));
    } catch (IllegalArgumentException e) {
      add(path, e.getMessage());
      return Optional.empty();
    }
  }

  /** Runs {@code check}, recording an {@link IllegalArgumentException} at {@code path}. */
  boolean check(String path, Runnable check) {
    try {
      check.run();
      return true;
    } catch (IllegalArgumentException e) {
      add(path, e.getMessage());
      return false;
    }
  }

  List<Problem> all() {
    return List.copyOf(found);
  }
}
