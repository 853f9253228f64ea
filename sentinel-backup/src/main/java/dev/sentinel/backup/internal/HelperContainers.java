package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Helper containers that mount a volume at {@value #MOUNT} so its content can be read and written
 * through the engine's archive endpoint: no host paths, so it works against a remote engine too.
 * They are created and never started, from an empty image Sentinel builds itself; only replacing a
 * volume's content with a staged restore's (or removing the staged tree) runs one, from a busybox
 * image built from the host's static busybox.
 */
public final class HelperContainers {
  /** Where the helper mounts the volume. */
  public static final String MOUNT = "/data";
  /** An image with no files: enough for a container that is never started. */
  static final String EMPTY_IMAGE = "sentinel/volume-helper:empty";
  static final String BUSYBOX_IMAGE = "sentinel/volume-helper:busybox";
  /** The label every helper carries, so a crash never leaves one unexplained. */
  public static final String LABEL = "dev.sentinel.backup-helper";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HelperContainers.class);

  private HelperContainers() {}

  /** Creates (never starts) a helper mounting {@code volume}; returns its ID. */
  public static String create(DockerClient docker, String volume, boolean readOnly, Map<String, String> labels) {
    ensureImage(docker, EMPTY_IMAGE, HelperContainers::emptyImage);
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    Map<String, String> all = new java.util.LinkedHashMap<>(labels);
    all.put(LABEL, volume);
    return docker.createContainerCmd(EMPTY_IMAGE)
        .withName("sentinel-helper-" + HexFormat.of().formatHex(id))
        .withCmd("none")
        .withLabels(all)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(MOUNT).withReadOnly(readOnly))))
        .exec().getId();
  }

  /** Removes a helper; never throws, so cleanup cannot mask the failure that led to it. */
  public static void remove(DockerClient docker, String containerId) {
    try {
      docker.removeContainerCmd(containerId).withForce(true).exec();
    } catch (NotFoundException gone) {
      // already removed
    } catch (RuntimeException e) {
      log.warn("could not remove helper container {} (label {}): {}", containerId, LABEL, e.getMessage());
    }
  }

  /**
   * A fresh name for the directory a staged restore writes into, at the top of the volume it replaces
   * (see {@link #swapIn}).
   */
  public static String stagingName() {
    byte[] id = new byte[6];
    RANDOM.nextBytes(id);
    return STAGING_PREFIX + HexFormat.of().formatHex(id);
  }

  /** What every staging directory's name starts with (a leftover one marks a restore that was cut off). */
  public static final String STAGING_PREFIX = ".sentinel-restore-";

  /**
   * Replaces {@code volume}'s content with what a staged restore wrote into its directory {@code
   * staging}: the old top-level entries move aside, the staged ones move up, the staging directory's
   * owner and mode become the volume root's, and the old content is deleted. Only renames inside
   * one file system stand between the old content and the new, so a restore that fails while writing
   * never touches the old content. Needs the host's static busybox (Debian's busybox-static) to build
   * the helper image the first time.
   */
  public static void swapIn(DockerClient docker, String volume, String staging, Map<String, String> labels) {
    checkStagingName(staging);
    String old = ".sentinel-old-" + staging.substring(STAGING_PREFIX.length());
    // Every applet through /bin/busybox: an image built by an older Sentinel has links for sh, find and rm only.
    String script = String.join("\n",
        "set -e",
        "cd " + MOUNT,
        "b=/bin/busybox",
        "$b mkdir " + old,
        "for f in * .[!.]* ..?*; do",
        "  case \"$f\" in " + staging + "|" + old + ") continue;; esac",
        "  if [ -e \"$f\" ] || [ -L \"$f\" ]; then $b mv -- \"$f\" " + old + "/; fi",
        "done",
        "for f in " + staging + "/* " + staging + "/.[!.]* " + staging + "/..?*; do",
        "  if [ -e \"$f\" ] || [ -L \"$f\" ]; then $b mv -- \"$f\" ./; fi",
        "done",
        "$b chown \"$($b stat -c %u:%g " + staging + ")\" .",
        "$b chmod \"$($b stat -c %a " + staging + ")\" .",
        "$b rmdir " + staging,
        "$b rm -rf " + old);
    runBusybox(docker, volume, labels, script, "replacing the content of volume " + volume + " with the restored one (if it stopped midway,"
        + " the old content is in " + old + " and the restored one in " + staging + " at the volume's top)");
  }

  /** Deletes a staged restore's directory from {@code volume}, leaving the rest as it was. */
  public static void discardStaging(DockerClient docker, String volume, String staging, Map<String, String> labels) {
    checkStagingName(staging);
    runBusybox(docker, volume, labels, "/bin/busybox rm -rf " + MOUNT + "/" + staging, "removing " + staging + " from volume " + volume);
  }

  private static void checkStagingName(String staging) {
    if (!staging.matches(java.util.regex.Pattern.quote(STAGING_PREFIX) + "[0-9a-f]{12}")) {
      throw new IllegalArgumentException("not a staging directory's name: " + staging);
    }
  }

  /**
   * Builds the busybox helper image if it is missing, so a restore that will need {@link #swapIn}
   * fails for the lack of it before writing anything.
   */
  public static void prepareSwap(DockerClient docker) {
    ensureImage(docker, BUSYBOX_IMAGE, HelperContainers::busyboxImage);
  }

  /** Runs a shell script in a busybox helper that mounts {@code volume} read-write, and waits for it to succeed. */
  private static void runBusybox(DockerClient docker, String volume, Map<String, String> labels, String script, String what) {
    ensureImage(docker, BUSYBOX_IMAGE, HelperContainers::busyboxImage);
    Map<String, String> all = new java.util.LinkedHashMap<>(labels);
    all.put(LABEL, volume);
    String id = docker.createContainerCmd(BUSYBOX_IMAGE)
        .withCmd("/bin/sh", "-c", script)
        .withLabels(all)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(MOUNT))))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(10, TimeUnit.MINUTES);
      if (code != 0) {
        throw new IllegalStateException(what + " failed (exit code " + code + ")");
      }
    } finally {
      remove(docker, id);
    }
  }

  private interface ImageContent {
    byte[] tar() throws IOException;
  }

  private static synchronized void ensureImage(DockerClient docker, String image, ImageContent content) {
    try {
      docker.inspectImageCmd(image).exec();
      return;
    } catch (NotFoundException missing) {
      // imported below
    }
    // Built through the build endpoint (FROM scratch, classic builder): nothing is pulled.
    try (var in = new ByteArrayInputStream(content.tar())) {
      docker.buildImageCmd(in).withTags(java.util.Set.of(image)).withPull(false)
          .withLabels(Map.of(LABEL, "image"))
          .exec(new com.github.dockerjava.api.command.BuildImageResultCallback()).awaitImageId(5, TimeUnit.MINUTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] emptyImage() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      dockerfile(tar, "FROM scratch\nCOPY rootfs/ /\n");
      TarArchiveEntry data = new TarArchiveEntry("rootfs" + MOUNT + "/");
      data.setMode(0755);
      tar.putArchiveEntry(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static void dockerfile(TarArchiveOutputStream tar, String content) throws IOException {
    byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry("Dockerfile");
    entry.setSize(bytes.length);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static byte[] busyboxImage() throws IOException {
    Path busybox = Path.of("/usr/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException("emptying a volume needs a static busybox at /usr/bin/busybox to build "
          + BUSYBOX_IMAGE + ": apt-get install busybox-static");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      dockerfile(tar, "FROM scratch\nCOPY rootfs/ /\n");
      byte[] binary = Files.readAllBytes(busybox);
      TarArchiveEntry bin = new TarArchiveEntry("rootfs/bin/busybox");
      bin.setSize(binary.length);
      bin.setMode(0755);
      tar.putArchiveEntry(bin);
      tar.write(binary);
      tar.closeArchiveEntry();
      for (String applet : List.of("sh", "find", "rm")) {
        TarArchiveEntry link = new TarArchiveEntry("rootfs/bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
