package dev.sentinel.runtime.internal;

import com.google.common.hash.Hashing;
import dev.sentinel.dsl.Config;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.io.AtomicFiles;
import dev.sentinel.dsl.secret.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the state directory holds for a stack's secrets and configs: the key of their versions
 * ({@link #secretVersions}), and the files under {@code <state>/run/<stack>/} that a Sentinel before
 * files volumes ({@link EngineFiles}) bind-mounted, removed once nothing may still mount them. The
 * Swarm target names its secrets and configs by the same paths' keys ({@link #sources}).
 */
public final class StateFiles {
  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);

  private final Path root;

  public StateFiles(Path stateDirectory, String stack) {
    this.root = stateDirectory.toAbsolutePath().resolve("run").resolve(stack);
  }

  /**
   * Refuses external secrets and configs the services mount: only a Swarm holds them, and a single
   * engine has nothing to read them from.
   *
   * @throws IllegalStateException naming the secret or config and the ways out
   */
  public static void requireLocalSources(StackSpec spec, Map<String, Service> services) {
    for (Service s : services.values()) {
      for (FileMount m : s.storage().secrets()) {
        if (spec.secrets().get(m.source()).source() instanceof Secret.Source.External e) {
          throw new IllegalStateException("service \"" + s.name() + "\" mounts secret \"" + m.source() + "\", which is external (the Swarm secret \""
              + e.engineName() + "\"); a single engine has no secrets of its own to read it from: give it a file, an environment variable"
              + " or a generated value, or apply the stack to a Swarm");
        }
      }
      for (FileMount m : s.storage().configs()) {
        if (spec.configs().get(m.source()).source() instanceof Config.Source.External e) {
          throw new IllegalStateException("service \"" + s.name() + "\" mounts config \"" + m.source() + "\", which is external (the Swarm config \""
              + e.engineName() + "\"); a single engine cannot read it: give it content or a file, or apply the stack to a Swarm");
        }
      }
    }
  }

  /** Where each secret of each service's mounts lives, keyed by {@link ContainerSpecs#secretKey}. */
  public Map<String, Path> secretPaths(Map<String, Service> services) {
    Map<String, Path> paths = new LinkedHashMap<>();
    services.values().forEach(s -> s.storage().secrets().forEach(m ->
        paths.put(ContainerSpecs.secretKey(s.name(), m.source()), root.resolve("secrets").resolve(s.name()).resolve(m.source()))));
    return paths;
  }

  /** Where each config lives: content configs are named by their content hash, so a change is a new file. */
  public Map<String, Path> configPaths(StackSpec spec) {
    Map<String, Path> paths = new LinkedHashMap<>();
    spec.configs().forEach((name, c) -> {
      if (c.source() instanceof Config.Source.Content content) {
        String hash = Hashing.sha256().hashString(content.content(), StandardCharsets.UTF_8).toString().substring(0, 12);
        paths.put(name, root.resolve("configs").resolve(name + "-" + hash));
      } else if (c.source() instanceof Config.Source.FromFile file) {
        paths.put(name, Path.of(file.path()).toAbsolutePath().normalize());
      } // an external config has no file: only a Swarm has it
    });
    return paths;
  }

  /**
   * A version of each secret the services mount: an HMAC-SHA256 of its value under a random key
   * kept (0600) in the state directory, so rotation changes the version while the value, even a
   * weak one, cannot be guessed back from a label.
   */
  public Map<String, String> secretVersions(StackSpec spec, Map<String, Service> services, SecretStore store) {
    Map<String, String> versions = new LinkedHashMap<>();
    // An external secret's value is the Swarm's: it has no version of ours.
    services.values().forEach(s -> s.storage().secrets().stream().filter(m -> !(spec.secrets().get(m.source()).source() instanceof Secret.Source.External))
        .forEach(m -> versions.computeIfAbsent(m.source(), name -> {
      byte[] value = store.value(spec.name(), spec.secrets().get(name));
      return Hashing.hmacSha256(versionKey()).hashBytes(value).toString().substring(0, 16);
    })));
    return versions;
  }

  private byte[] versionKey() {
    Path key = root.getParent().getParent().resolve("secret-version.key");
    try {
      if (!Files.exists(key)) {
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        AtomicFiles.write(key, fresh, AtomicFiles.permissions(0600));
      }
      return Files.readAllBytes(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret version key " + key, e);
    }
  }

  /** A config's bytes: its content, or its file read on this machine. */
  static byte[] configContent(Config config) {
    if (config.source() instanceof Config.Source.Content c) {
      return c.content().getBytes(StandardCharsets.UTF_8);
    }
    if (!(config.source() instanceof Config.Source.FromFile file)) {
      throw new IllegalArgumentException("config \"" + config.name() + "\" is external: only a Swarm has it");
    }
    try {
      return Files.readAllBytes(Path.of(file.path()));
    } catch (IOException e) {
      throw new IllegalArgumentException("config \"" + config.name() + "\" comes from " + file.path() + ", which cannot be read: " + e.getMessage(), e);
    }
  }

  /** Mount sources for {@link ContainerSpecs}: the files {@link #write} writes. */
  public ContainerSpecs.FileSources sources(StackSpec spec, Map<String, Service> services) {
    Map<String, Path> secrets = secretPaths(services);
    Map<String, Path> configs = configPaths(spec);
    return new ContainerSpecs.FileSources() {
      @Override
      public String secret(String service, String secret) {
        return secrets.get(ContainerSpecs.secretKey(service, secret)).toString();
      }

      @Override
      public String config(String service, String config) {
        return configs.get(config).toString();
      }
    };
  }

  /**
   * Removes the secret and config files under {@code run/<stack>/} except {@code keep}: a Sentinel
   * before files volumes wrote them here and bind-mounted them; they go once no apply that may be
   * rolled back to mounts them. Called only after an apply succeeded.
   */
  public void removeUnused(java.util.Set<Path> keep) {
    for (Path dir : java.util.List.of(root.resolve("secrets"), root.resolve("configs"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          boolean unused = Files.isRegularFile(p) ? !keep.contains(p) : !p.equals(dir) && isEmpty(p);
          if (unused) {
            Files.deleteIfExists(p);
          }
        }
      } catch (IOException e) {
        log.warn("cannot remove unused files under {}", dir, e);
      }
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (var entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Removes every file of the stack. */
  public void removeAll() {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot remove {}", root, e);
    }
  }

  /** The service's numeric uid (or gid), empty for a named user (its id is the image's business). */
  static String numericUser(Service s, boolean uid) {
    String spec = s.security().user().map(u -> u.spec()).orElse("0");
    String[] parts = spec.split(":");
    String part = uid ? parts[0] : parts.length > 1 ? parts[1] : parts[0];
    return part.chars().allMatch(Character::isDigit) ? part : "";
  }
}
