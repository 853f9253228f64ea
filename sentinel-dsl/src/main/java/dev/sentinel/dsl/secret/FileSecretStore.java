package dev.sentinel.dsl.secret;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;

/**
 * The default {@link SecretStore}: one directory per stack (mode 0700) under a root directory, one
 * file per secret (mode 0600). Generated values are made with {@link SecureRandom} and written
 * atomically, so a crash never leaves half a secret, and a value once made is kept.
 *
 * <pre>{@code
 * SecretStore store = FileSecretStore.at(Path.of(".sentinel/secrets"));
 * }</pre>
 */
public final class FileSecretStore implements SecretStore {
  /** Where {@link #inWorkingDirectory()} keeps secrets. */
  public static final Path DEFAULT_ROOT = Path.of(".sentinel", "secrets");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Function<String, String> environment;

  private FileSecretStore(Path root, Function<String, String> environment) {
    this.root = root;
    this.environment = environment;
  }

  /** A store under {@code root}; environment-sourced secrets read the process environment. */
  public static FileSecretStore at(Path root) {
    return new FileSecretStore(checkNotNull(root, "root"), System::getenv);
  }

  /** A store under {@code root} reading environment-sourced secrets from {@code environment}. */
  public static FileSecretStore at(Path root, Map<String, String> environment) {
    return new FileSecretStore(checkNotNull(root, "root"), Map.copyOf(environment)::get);
  }

  /** A store under {@code .sentinel/secrets} in the working directory. */
  public static FileSecretStore inWorkingDirectory() {
    return at(DEFAULT_ROOT);
  }

  /** The directory that holds {@code stack}'s secrets. */
  public Path directory(String stack) {
    return root.resolve(stack);
  }

  @Override
  public byte[] value(String stack, Secret secret) {
    Secret.Source source = secret.source();
    if (source instanceof Secret.Source.External e) {
      throw new SecretUnavailableException("secret \"" + secret.name() + "\" is external (the Swarm secret \"" + e.engineName()
          + "\"): its value is in the Swarm, not in the secret store");
    }
    if (source instanceof Secret.Source.FromEnvironment e) {
      String value = environment.apply(e.variable());
      if (value == null) {
        throw new SecretUnavailableException(
            "secret \"" + secret.name() + "\" comes from environment variable " + e.variable() + ", which is not set");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(file(stack, secret));
    } catch (IOException ex) {
      throw new SecretUnavailableException("secret \"" + secret.name() + "\" cannot be read: " + ex, ex);
    }
  }

  @Override
  public Path file(String stack, Secret secret) {
    Secret.Source source = secret.source();
    if (source instanceof Secret.Source.FromFile f) {
      Path path = Path.of(f.path());
      if (!Files.isReadable(path)) {
        throw new SecretUnavailableException("secret \"" + secret.name() + "\" comes from file " + path.toAbsolutePath() + ", which cannot be read");
      }
      return path;
    }
    Path file = directory(stack).resolve(secret.name());
    try {
      if (source instanceof Secret.Source.Generated g) {
        if (!Files.exists(file)) {
          write(file, generate(g), false);
        }
      } else {
        write(file, value(stack, secret), true);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write secret \"" + secret.name() + "\" to " + file, e);
    }
  }

  @Override
  public void rotate(String stack, Secret secret) {
    checkArgument(secret.source() instanceof Secret.Source.Generated,
        "secret \"%s\" is not generated; change its source to rotate it", secret.name());
    try {
      write(directory(stack).resolve(secret.name()), generate((Secret.Source.Generated) secret.source()), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rotate secret \"" + secret.name() + "\"", e);
    }
  }

  static byte[] generate(Secret.Source.Generated g) {
    String alphabet = g.alphabet().characters();
    StringBuilder value = new StringBuilder(g.length());
    for (int i = 0; i < g.length(); i++) {
      value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return value.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void write(Path file, byte[] value, boolean replace) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (replace) {
      AtomicFiles.write(file, value, PosixFilePermissions.fromString("rw-------"));
      return;
    }
    // Two processes generating at once: the first value wins (a hard link fails if the name exists).
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, value);
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException kept) {
      // another writer made it first; its value stands
    } finally {
      Files.deleteIfExists(temp);
    }
  }

}
