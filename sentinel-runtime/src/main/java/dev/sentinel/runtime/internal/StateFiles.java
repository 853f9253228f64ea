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
 * The files a single engine bind-mounts for secrets and configs, under {@code
 * <state>/run/<stack>/}. Secret files are per service, owned by the service's numeric user (or the
 * mount's uid/gid) with mode 0400 (or the mount's), in a directory only root may enter; they are
 * never in the environment, labels or a plan. Paths are computed without writing, so a plan makes
 * no changes.
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
      for (FileMount m : s.secrets()) {
        if (spec.secrets().get(m.source()).source() instanceof Secret.Source.External e) {
          throw new IllegalStateException("service \"" + s.name() + "\" mounts secret \"" + m.source() + "\", which is external (the Swarm secret \""
              + e.engineName() + "\"); a single engine has no secrets of its own to read it from: give it a file, an environment variable"
              + " or a generated value, or apply the stack to a Swarm");
        }
      }
      for (FileMount m : s.configs()) {
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
    services.values().forEach(s -> s.secrets().forEach(m ->
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
    services.values().forEach(s -> s.secrets().stream().filter(m -> !(spec.secrets().get(m.source()).source() instanceof Secret.Source.External))
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

  /** Writes every secret and content config file the services mount. */
  public void write(StackSpec spec, Map<String, Service> services, SecretStore store) {
    try {
      Path secrets = root.resolve("secrets");
      Files.createDirectories(secrets);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
      Map<String, Path> secretPaths = secretPaths(services);
      for (Service s : services.values()) {
        for (FileMount m : s.secrets()) {
          Secret secret = spec.secrets().get(m.source());
          byte[] value = store.value(spec.name(), secret);
          Path file = secretPaths.get(ContainerSpecs.secretKey(s.name(), m.source()));
          writeIfChanged(file, value, m.mode().orElse(0400));
          chown(file, m.uid().orElse(numericUser(s, true)), m.gid().orElse(numericUser(s, false)));
        }
      }
      Map<String, Path> configPaths = configPaths(spec);
      for (Map.Entry<String, Config> c : spec.configs().entrySet()) {
        if (c.getValue().source() instanceof Config.Source.Content content) {
          writeIfChanged(configPaths.get(c.getKey()), content.content().getBytes(StandardCharsets.UTF_8), 0444);
        } else if (c.getValue().source() instanceof Config.Source.FromFile && !Files.isReadable(configPaths.get(c.getKey()))) {
          throw new IllegalArgumentException("config \"" + c.getKey() + "\" comes from " + configPaths.get(c.getKey()) + ", which cannot be read");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stack's secret and config files under " + root, e);
    }
  }

  /**
   * Removes the secret and config files the stack's services no longer mount (an old config
   * version, a removed service's secrets), except {@code alsoKeep} (what the previous apply's
   * containers mount, for a rollback), so repeated changes do not pile files up. Called only after
   * an apply succeeded: until then a container being rolled back may still mount them.
   */
  public void removeUnused(StackSpec spec, Map<String, Service> services, java.util.Set<Path> alsoKeep) {
    java.util.Set<Path> used = new java.util.HashSet<>(secretPaths(services).values());
    used.addAll(configPaths(spec).values());
    used.addAll(alsoKeep);
    for (Path dir : java.util.List.of(root.resolve("secrets"), root.resolve("configs"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          boolean unused = Files.isRegularFile(p) ? !used.contains(p) : !p.equals(dir) && isEmpty(p);
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

  private static String numericUser(Service s, boolean uid) {
    String spec = s.security().user().map(u -> u.spec()).orElse("0");
    String[] parts = spec.split(":");
    String part = uid ? parts[0] : parts.length > 1 ? parts[1] : parts[0];
    return part.chars().allMatch(Character::isDigit) ? part : "";
  }

  private static void chown(Path file, String uid, String gid) throws IOException {
    if (uid.isEmpty() && gid.isEmpty()) {
      // A named user cannot be resolved on the host: let every user in the container read the file.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      return;
    }
    try {
      if (!uid.isEmpty()) {
        Files.setAttribute(file, "unix:uid", Integer.parseInt(uid));
      }
      if (!gid.isEmpty()) {
        Files.setAttribute(file, "unix:gid", Integer.parseInt(gid));
      }
    } catch (IOException | UnsupportedOperationException e) {
      log.warn("cannot give {} to {}:{} ({}); making it readable by every user in the container", file, uid, gid, e.toString());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    }
  }

  private static void writeIfChanged(Path file, byte[] content, int mode) throws IOException {
    if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content)) {
      Files.setPosixFilePermissions(file, AtomicFiles.permissions(mode));
      return;
    }
    AtomicFiles.write(file, content, AtomicFiles.permissions(mode));
  }
}
