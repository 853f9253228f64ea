package dev.sentinel.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a program on the test machine (ip, iptables, openssl, ssh-keygen), failing with its output. */
public final class HostCommand {
  private HostCommand() {}

  /** Runs {@code command} in {@code directory} (null: the current one) and returns its output. */
  public static String run(Path directory, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(new File(directory.toString()));
    }
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  /** Whether {@code command} exits with 0 (its output ignored). */
  public static boolean succeeds(List<String> command) throws IOException, InterruptedException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
  }
}
