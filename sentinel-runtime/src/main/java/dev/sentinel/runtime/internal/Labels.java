package dev.sentinel.runtime.internal;

/** The labels and names Sentinel gives engine objects; Compose-compatible where Compose has a convention. */
public final class Labels {
  public static final String STACK = "dev.sentinel.stack";
  public static final String SERVICE = "dev.sentinel.service";
  public static final String REPLICA = "dev.sentinel.replica";
  public static final String CONFIG_HASH = "dev.sentinel.config-hash";
  /** The canonical desired spec (JSON), so a plan can say which fields changed. */
  public static final String SPEC = "dev.sentinel.spec";
  public static final String NETWORK = "dev.sentinel.network";
  public static final String VOLUME = "dev.sentinel.volume";
  public static final String ENVIRONMENT = "dev.sentinel.environment";

  private Labels() {}

  /** {@code <stack>_<network>}, as Compose names it. */
  public static String networkName(String stack, String network) {
    return stack + "_" + network;
  }

  /** {@code <stack>_<volume>}, as Compose names it. */
  public static String volumeName(String stack, String volume) {
    return stack + "_" + volume;
  }

  /**
   * The name a container is kept under while its replacement starts ({@code <name>.previous}), so
   * an apply can roll back to it. A name with this suffix is never one Sentinel plans for: a later
   * plan removes such a leftover of an interrupted apply.
   */
  public static String previousName(String containerName) {
    return containerName + PREVIOUS_SUFFIX;
  }

  /** Whether {@code containerName} is one {@link #previousName} made. */
  public static boolean isPrevious(String containerName) {
    return containerName.endsWith(PREVIOUS_SUFFIX);
  }

  /** The name a {@link #previousName} was made from. */
  public static String ownName(String previousName) {
    return isPrevious(previousName) ? previousName.substring(0, previousName.length() - PREVIOUS_SUFFIX.length()) : previousName;
  }

  private static final String PREVIOUS_SUFFIX = ".previous";

  /** {@code <stack>-<service>-<replica>}, as Compose names it. */
  public static String containerName(String stack, String service, int replica) {
    return stack + "-" + service + "-" + replica;
  }
}
