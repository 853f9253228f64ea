package dev.sentinel.runtime;

/**
 * How a stack is taken down.
 *
 * <pre>{@code
 * target.down(spec, DownOptions.keepVolumes());
 * }</pre>
 *
 * @param removeVolumes whether the stack's named volumes (never external ones) are removed too
 */
public record DownOptions(boolean removeVolumes) {
  /** Remove containers and networks; keep the data. */
  public static DownOptions keepVolumes() {
    return new DownOptions(false);
  }

  /** Remove the volumes too: the stack's data is gone. */
  public static DownOptions removeVolumesToo() {
    return new DownOptions(true);
  }
}
