package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sentinel.dsl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The containers of a stack's last two successful applies on an engine, in {@code
 * <state>/applied/<stack>.json} and {@code <stack>.previous.json}: each container's name, service,
 * labels and whole spec, with the services in start order, and the networks they joined with their
 * definitions. A plan compares the engine with the last
 * one to tell a change made outside Sentinel (a container removed, stopped or added by hand) from a
 * change of the definition; {@code rollback} recreates the previous one without the definition
 * that made it. Written atomically after an apply succeeded, removed by down.
 */
public final class LastApplied {
  // Without annotations: the spec's sections are nested objects, so the record reads back as it was
  // written (the hash's canonical JSON flattens them, which records cannot be read back from).
  private static final ObjectMapper JSON = JsonMapper.builder().disable(MapperFeature.USE_ANNOTATIONS)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module()).build();

  /** One container as applied. */
  public record AppliedContainer(String name, String service, int replica, String hash, Map<String, String> labels, ContainerSpec spec) {}

  /**
   * One network as applied: its engine name, the labels it was created with, and its definition
   * (empty for the stack's implicit default network).
   */
  public record AppliedNetwork(String name, Map<String, String> labels, Optional<dev.sentinel.dsl.Network> definition) {}

  /** One successful apply: services in start order (dependencies first), their containers, and the networks they join. */
  public record Applied(List<String> serviceOrder, List<AppliedContainer> containers, List<AppliedNetwork> networks) {
    public Applied {
      networks = networks == null ? List.of() : List.copyOf(networks); // none in records written before networks were
    }

    /** Container name to config hash. */
    public Map<String, String> hashes() {
      Map<String, String> hashes = new LinkedHashMap<>();
      containers.forEach(c -> hashes.put(c.name(), c.hash()));
      return hashes;
    }
  }

  private final Path current;
  private final Path previous;

  public LastApplied(Path stateDirectory, String stack) {
    Path dir = stateDirectory.toAbsolutePath().resolve("applied");
    this.current = dir.resolve(stack + ".json");
    this.previous = dir.resolve(stack + ".previous.json");
  }

  /** The last successful apply; empty when there was none (or it was taken down, or the file cannot be read). */
  public Optional<Applied> read() {
    return read(current);
  }

  /** The successful apply before the last one: what {@code rollback} returns to. */
  public Optional<Applied> readPrevious() {
    return read(previous);
  }

  private static Optional<Applied> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readString(file), Applied.class));
    } catch (IOException e) {
      return Optional.empty(); // unreadable (an older format): plan as if there were none
    }
  }

  /** Records {@code applied} as the last apply; the one it replaces becomes the previous, unless they are the same. */
  public void write(Applied applied) {
    try {
      Optional<Applied> last = read();
      if (last.isPresent() && last.get().equals(applied)) {
        // A no-op up: the record is already this one. Writing it would build Jackson's serializers
        // for every section of the spec (a tenth of a no-op up's CPU time) to write the same bytes.
        return;
      }
      if (last.isPresent() && !(last.get().hashes().equals(applied.hashes()) && last.get().networks().equals(applied.networks()))) {
        AtomicFiles.write(previous, JSON.writeValueAsBytes(last.get()), AtomicFiles.permissions(0600));
      }
      AtomicFiles.write(current, JSON.writeValueAsString(applied).getBytes(StandardCharsets.UTF_8), AtomicFiles.permissions(0600));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the applied state in " + current, e);
    }
  }

  public void remove() {
    try {
      Files.deleteIfExists(current);
      Files.deleteIfExists(previous);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + current, e);
    }
  }
}
