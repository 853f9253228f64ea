package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The containers (name to config hash) of a stack's last successful apply on an engine, in {@code
 * <state>/applied/<stack>.json}: what a plan compares the engine with to tell a change made
 * outside Sentinel (a container removed, stopped or added by hand) from a change of the definition.
 * Written atomically after an apply succeeded, removed by down.
 */
public final class LastApplied {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  public LastApplied(Path stateDirectory, String stack) {
    this.file = stateDirectory.toAbsolutePath().resolve("applied").resolve(stack + ".json");
  }

  /** The containers of the last successful apply; empty when there was none (or it was taken down). */
  public Optional<Map<String, String>> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readString(file), new TypeReference<TreeMap<String, String>>() {}));
    } catch (IOException e) {
      return Optional.empty(); // unreadable: plan as if there were none (drift is then not told apart)
    }
  }

  public void write(Map<String, String> containers) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsString(new TreeMap<>(containers)).getBytes(StandardCharsets.UTF_8),
          AtomicFiles.permissions(0600));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the applied state in " + file, e);
    }
  }

  public void remove() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }
}
