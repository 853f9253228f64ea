package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.regex.Pattern;

/**
 * The user a container's process runs as: {@code uid[:gid]} or {@code name[:group]}.
 *
 * <pre>{@code
 * User.of(10001, 10001);  // "10001:10001"
 * User.parse("redis");
 * }</pre>
 *
 * @param spec the user as Docker takes it
 */
public record User(String spec) {
  private static final Pattern FORMAT = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_.-]*(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?");

  public User {
    checkArgument(
        spec != null && FORMAT.matcher(spec).matches(),
        "\"%s\" is not a user (uid[:gid] or name[:group])",
        spec);
  }

  public static User of(int uid, int gid) {
    return new User(uid + ":" + gid);
  }

  /**
   * Parses {@code uid[:gid]} or {@code name[:group]}.
   *
   * @throws IllegalArgumentException naming {@code text} when it is not a user
   */
  public static User parse(String text) {
    return new User(text.strip());
  }

  /** The user part, before any {@code :}. */
  public String user() {
    int colon = spec.indexOf(':');
    return colon < 0 ? spec : spec.substring(0, colon);
  }

  /** Whether this is root, by name or uid 0. */
  public boolean isRoot() {
    String user = user();
    return user.equals("root") || user.equals("0");
  }

  @Override
  public String toString() {
    return spec;
  }
}
