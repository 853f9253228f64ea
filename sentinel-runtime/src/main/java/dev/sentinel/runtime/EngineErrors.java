package dev.sentinel.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;

/**
 * An error as a person reads it: the engine's own message without docker-java's class name and
 * raw JSON ({@code Status 400: {"message":"..."}} becomes {@code the engine refused (400): ...}),
 * anything else by its message. Used by the CLI and by apply failures; a tool built on Sentinel
 * may use it the same way.
 *
 * <pre>{@code
 * catch (RuntimeException e) { System.err.println("deploy failed: " + EngineErrors.describe(e)); }
 * }</pre>
 */
public final class EngineErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineErrors() {}

  /** {@code e} in words, e.g. {@code the engine refused (400): invalid mount config for type "bind": ...}. */
  public static String describe(Throwable e) {
    if (e instanceof DockerException d) {
      return "the engine refused (" + d.getHttpStatus() + "): " + engineMessage(d.getMessage());
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
    return e.getCause() instanceof DockerException d && message.contains(String.valueOf(d.getMessage()))
        ? message.replace(d.getMessage(), describe(d)) : message;
  }

  /** The {@code message} of the engine's JSON answer inside docker-java's {@code Status N: ...} text; the text itself otherwise. */
  static String engineMessage(String text) {
    if (text == null) {
      return "no message";
    }
    String body = text.replaceFirst("^(Status \\d+: )+", "").strip();
    if (body.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(body);
        if (node.hasNonNull("message")) {
          return node.get("message").asText();
        }
      } catch (IOException notJson) {
        // shown as it is
      }
    }
    return body;
  }
}
