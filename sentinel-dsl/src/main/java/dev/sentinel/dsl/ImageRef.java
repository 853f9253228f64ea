package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker image reference: {@code [registry/]path[:tag][@digest]}.
 *
 * <pre>{@code
 * ImageRef.parse("redis:7.2");
 * ImageRef.parse("registry.example.com:5000/team/api:1.4@sha256:3f...");
 * }</pre>
 *
 * @param repository registry and path, e.g. {@code grafana/grafana}
 * @param tag the tag, when given
 * @param digest the content digest, e.g. {@code sha256:...}, when given
 */
public record ImageRef(String repository, Optional<String> tag, Optional<String> digest) {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern REGISTRY =
      Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9-]+)*(?::\\d+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

  public ImageRef {
    checkNotNull(repository, "repository");
    checkNotNull(tag, "tag");
    checkNotNull(digest, "digest");
  }

  /**
   * Parses an image reference.
   *
   * @throws IllegalArgumentException naming {@code text} and the part that is wrong
   */
  public static ImageRef parse(String text) {
    String rest = text.strip();
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest.get()).matches()) {
        throw bad(text, "digest \"" + digest.get() + "\" is not algorithm:hex");
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag.get()).matches()) {
        throw bad(text, "tag \"" + tag.get() + "\" is not valid");
      }
    }
    if (rest.isEmpty()) {
      throw bad(text, "it has no repository");
    }
    String[] parts = rest.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      boolean registry =
          i == 0 && parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"));
      boolean ok = registry ? REGISTRY.matcher(parts[i]).matches() : COMPONENT.matcher(parts[i]).matches();
      if (!ok) {
        throw bad(text, "\"" + parts[i] + "\" is not a valid " + (registry ? "registry" : "path component (lowercase letters, digits, . _ -)"));
      }
    }
    return new ImageRef(rest, tag, digest);
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("\"" + text + "\" is not an image reference: " + why);
  }

  /** The tag, or {@code latest} when none is given and there is no digest, as Docker reads it. */
  public String effectiveTag() {
    return tag.orElse(digest.isPresent() ? "" : "latest");
  }

  @Override
  public String toString() {
    return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
