package dev.sentinel.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images built locally for tests, so no test needs a registry.
 *
 * <p>{@link #busybox()} is {@code FROM scratch} plus the host's static busybox (Debian's {@code
 * busybox-static}) with a symlink per applet: about 2 MB, built in about a second through the
 * Docker API the first time it is missing.
 */
public final class TestImages {
  /** The tiny test image's project-owned tag. */
  public static final String BUSYBOX = "sentinel-test/busybox:1";

  private static final Path BUSYBOX_BINARY = Path.of("/usr/bin/busybox");
  private static final Set<String> NOT_APPLETS = Set.of("busybox");

  private TestImages() {}

  /** Returns {@link #BUSYBOX}, building it first when the engine does not have it. */
  public static synchronized String busybox() {
    DockerClient docker = TestEngine.client();
    try {
      docker.inspectImageCmd(BUSYBOX).exec();
      return BUSYBOX;
    } catch (NotFoundException missing) {
      build(docker);
      return BUSYBOX;
    }
  }

  /** {@link #BUSYBOX} with the image itself declaring USER root and a HEALTHCHECK, for audits. */
  public static synchronized String busyboxWithImageHealthCheck() {
    String tag = "sentinel-test/busybox-healthcheck:1";
    DockerClient docker = TestEngine.client();
    try {
      docker.inspectImageCmd(tag).exec();
      return tag;
    } catch (NotFoundException missing) {
      // built below
    }
    String base = busybox();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      addFile(tar, "Dockerfile", ("FROM " + base + "\nUSER 0:0\nHEALTHCHECK --interval=1s --timeout=2s CMD true\n").getBytes(StandardCharsets.UTF_8), 0644);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    docker.buildImageCmd(new ByteArrayInputStream(bytes.toByteArray())).withTags(Set.of(tag)).withPull(false)
        .exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
    return tag;
  }

  private static void build(DockerClient docker) {
    if (!Files.isExecutable(BUSYBOX_BINARY)) {
      throw new IllegalStateException(
          "the test image needs a static busybox at "
              + BUSYBOX_BINARY
              + ": install it with `apt-get install busybox-static` (scripts/test.sh does this)");
    }
    try (InputStream context = new ByteArrayInputStream(buildContext())) {
      docker
          .buildImageCmd(context)
          .withTags(Set.of(BUSYBOX))
          .withPull(false)
          .withLabels(java.util.Map.of("dev.sentinel.fixture", "busybox"))
          .exec(new BuildImageResultCallback())
          .awaitImageId(2, TimeUnit.MINUTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] buildContext() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      byte[] dockerfile =
          "FROM scratch\nCOPY rootfs/ /\nUSER 0:0\nCMD [\"sh\"]\n".getBytes(StandardCharsets.UTF_8);
      addFile(tar, "Dockerfile", dockerfile, 0644);
      addFile(tar, "rootfs/bin/busybox", Files.readAllBytes(BUSYBOX_BINARY), 0755);
      for (String applet : applets()) {
        TarArchiveEntry link = new TarArchiveEntry("rootfs/bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      for (String dir : List.of("rootfs/tmp/", "rootfs/etc/", "rootfs/run/")) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        entry.setMode(dir.equals("rootfs/tmp/") ? 01777 : 0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      // Lets tests run as a non-root uid that has a name.
      addFile(
          tar,
          "rootfs/etc/passwd",
          "root:x:0:0:root:/:/bin/sh\napp:x:10001:10001:app:/tmp:/bin/sh\n".getBytes(StandardCharsets.UTF_8),
          0644);
      addFile(tar, "rootfs/etc/group", "root:x:0:\napp:x:10001:\n".getBytes(StandardCharsets.UTF_8), 0644);
    }
    return bytes.toByteArray();
  }

  private static List<String> applets() throws IOException {
    Process process = new ProcessBuilder(BUSYBOX_BINARY.toString(), "--list").start();
    try (InputStream out = process.getInputStream()) {
      String list = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      return list.lines().map(String::strip).filter(a -> !a.isEmpty() && !NOT_APPLETS.contains(a)).toList();
    }
  }

  private static void addFile(TarArchiveOutputStream tar, String name, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
