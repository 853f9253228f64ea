package dev.sentinel.dsl.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreTest {
  @TempDir Path root;

  private final Secret generated = new Secret("db-password", new Secret.Source.Generated(32, Secret.Alphabet.ALPHANUMERIC));

  @Test
  void aGeneratedSecretIsMadeOnceAndKeptPrivate() throws IOException {
    FileSecretStore store = FileSecretStore.at(root);
    String first = new String(store.value("shop", generated), StandardCharsets.US_ASCII);
    String second = new String(FileSecretStore.at(root).value("shop", generated), StandardCharsets.US_ASCII);
    assertThat(first).hasSize(32).matches("[A-Za-z0-9]+").isEqualTo(second);
    Path file = store.file("shop", generated);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).containsExactly(file);
    }
  }

  @Test
  void rotationReplacesTheValue() {
    FileSecretStore store = FileSecretStore.at(root);
    byte[] before = store.value("shop", generated);
    store.rotate("shop", generated);
    assertThat(store.value("shop", generated)).hasSize(32).isNotEqualTo(before);
  }

  @Test
  void generatedValuesUseTheirAlphabet() {
    byte[] hex = FileSecretStore.generate(new Secret.Source.Generated(64, Secret.Alphabet.HEX));
    assertThat(new String(hex, StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
  }

  @Test
  void environmentSecretsAreReadAndMissingOnesNamed() {
    Secret token = new Secret("api-token", new Secret.Source.FromEnvironment("API_TOKEN"));
    assertThat(FileSecretStore.at(root, Map.of("API_TOKEN", "t0k3n")).value("shop", token)).isEqualTo("t0k3n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> FileSecretStore.at(root, Map.of()).value("shop", token))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("secret \"api-token\" comes from environment variable API_TOKEN, which is not set");
  }

  @Test
  void fileSecretsAreUsedInPlace() throws IOException {
    Path key = Files.writeString(root.resolve("server.key"), "KEY");
    Secret tls = new Secret("tls", new Secret.Source.FromFile(key.toString()));
    assertThat(FileSecretStore.at(root).file("shop", tls)).isEqualTo(key);
    Secret missing = new Secret("tls", new Secret.Source.FromFile(root.resolve("nope").toString()));
    assertThatThrownBy(() -> FileSecretStore.at(root).file("shop", missing)).hasMessageContaining("cannot be read");
  }
}
