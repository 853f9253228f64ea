package dev.sentinel.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a user's browser would render a page: the DOM after its scripts
 * ran, the console messages it logged, and a screenshot. {@code scripts/test.sh} installs the
 * {@code chromium} package. The flags keep it off the network (this machine has none) and out of
 * any profile: each run gets an empty one.
 */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");

  /**
   * A rendered page.
   *
   * @param dom the DOM after scripts ran, serialized
   * @param console every line the page logged to the console (errors, uncaught exceptions, SVG attribute errors)
   */
  public record Rendered(String dom, List<String> console) {}

  private HeadlessChromium() {}

  /** Renders {@code url} and returns its DOM and console; with {@code screenshot}, also saves a PNG of {@code width}×{@code height}. */
  public static Rendered render(String url, Path screenshot, int width, int height) throws IOException, InterruptedException {
    assertThat(BINARY).as("Chromium (apt-get install chromium; scripts/test.sh does)").isExecutable();
    Path profile = Files.createTempDirectory("chromium-profile");
    try {
      List<String> common = List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
          "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--enable-logging=stderr", "--v=0");
      Run dom = run(common, "--dump-dom", url);
      Files.createDirectories(screenshot.toAbsolutePath().getParent());
      Run shot = run(common, "--screenshot=" + screenshot.toAbsolutePath(), url);
      assertThat(screenshot).as("screenshot of %s; chromium said:%n%s", url, shot.stderr).exists();
      List<String> console = new ArrayList<>();
      for (String line : (dom.stderr + "\n" + shot.stderr).split("\n")) {
        if (line.contains(":CONSOLE")) {
          console.add(line.substring(line.indexOf(']') + 1).strip());
        }
      }
      return new Rendered(dom.stdout, console);
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Run(String stdout, String stderr) {}

  private static Run run(List<String> common, String... more) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(common);
    command.addAll(List.of(more));
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("chromium did not finish within 90 s: " + String.join(" ", command));
      }
      return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
