package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One host port or a range of them, e.g. {@code 8080} or {@code 9000-9010}.
 *
 * @param first the first port, 1 to 65535
 * @param last the last port, {@code first} or more
 */
public record PortRange(int first, int last) {
  public PortRange {
    checkArgument(first >= 1 && first <= 65535, "port %s is not between 1 and 65535", first);
    checkArgument(last >= first && last <= 65535, "port range %s-%s is not valid", first, last);
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public boolean overlaps(PortRange other) {
    return first <= other.last && other.first <= last;
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
