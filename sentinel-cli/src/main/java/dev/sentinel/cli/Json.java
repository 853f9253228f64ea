package dev.sentinel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CLI's one Jackson mapper, made on first use. Picocli loads every command class to print
 * {@code --help}; a mapper in a static field of each would load Jackson (about 370 classes) on
 * every start, for commands that print no JSON.
 */
final class Json {
  private Json() {}

  static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
