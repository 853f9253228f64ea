package dev.sentinel.dsl.secret;

import dev.sentinel.dsl.Secret;
import java.nio.file.Path;

/**
 * Keeps the values of a stack's generated secrets, so they stay the same from one deploy to the
 * next, and reads the others from their source.
 *
 * <pre>{@code
 * SecretStore store = FileSecretStore.inWorkingDirectory();
 * Path file = store.file("shop", stack.base().secrets().get("db-password"));
 * }</pre>
 */
public interface SecretStore {
  /**
   * The secret's value as bytes, generating and storing it first if it is a generated secret seen
   * for the first time.
   *
   * @throws SecretUnavailableException naming the secret and its source when the value cannot be read
   */
  byte[] value(String stack, Secret secret);

  /**
   * A file that holds the secret's value, readable only by its owner, for bind-mounting.
   *
   * @throws SecretUnavailableException naming the secret and its source when the value cannot be read
   */
  Path file(String stack, Secret secret);

  /** Replaces a generated secret's value with a new random one. @throws IllegalArgumentException if it is not generated */
  void rotate(String stack, Secret secret);
}
