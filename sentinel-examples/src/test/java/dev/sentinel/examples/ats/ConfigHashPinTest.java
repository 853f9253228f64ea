package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.secret.SecretStore;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.internal.ContainerSpecs;
import dev.sentinel.runtime.internal.SpecJson;
import dev.sentinel.runtime.internal.EngineFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The config hash of every container of the ATS stack, in every environment, pinned: the hash
 * decides whether an apply recreates a container, so a refactoring that changes it would recreate
 * a whole fleet on upgrade. Inputs that vary by machine are fixed (image ID, state directory, host
 * environment, secret versions). A deliberate change regenerates the file with
 * {@code -Dsentinel.pin.write=src/test/resources/pinned/ats-config-hashes.txt} and says why in its commit.
 */
class ConfigHashPinTest {
  private static final String RESOURCE = "/pinned/ats-config-hashes.txt";
  private static final String IMAGE_ID = "sha256:" + "0".repeat(64);
  private static final SecretStore NO_VALUES = new SecretStore() {
    @Override
    public byte[] value(String stack, Secret secret) {
      throw new AssertionError("planning read the value of secret " + secret.name());
    }

    @Override
    public Path file(String stack, Secret secret) {
      throw new AssertionError("planning read the file of secret " + secret.name());
    }

    @Override
    public void rotate(String stack, Secret secret) {
      throw new AssertionError();
    }
  };

  @Test
  void everyContainerOfEveryEnvironmentHashesAsRecorded() throws IOException {
    String actual = String.join("\n", hashes()) + "\n";
    String write = System.getProperty("sentinel.pin.write", "");
    if (!write.isEmpty()) {
      Files.writeString(Path.of(write), actual);
    }
    String expected;
    try (InputStream in = ConfigHashPinTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(expected);
  }

  private static List<String> hashes() {
    Stack stack = new AtsStack().define();
    List<String> lines = new ArrayList<>();
    for (String environment : new TreeMap<>(stack.environments()).keySet()) {
      StackSpec spec = stack.resolve(environment);
      Map<String, String> versions = new TreeMap<>();
      spec.secrets().keySet().forEach(s -> versions.put(s, "v1"));
      // As the engine target plans: files volumes under the engine's data root; no secret value is read to plan.
      EngineFiles files = new EngineFiles(spec, spec.services(), NO_VALUES, versions, () -> "/var/lib/docker");
      ContainerSpecs specs = new ContainerSpecs(spec, variable -> null, files.sources(), versions);
      for (Service s : spec.services().values()) {
        for (int replica = 1; replica <= s.deploy().replicas(); replica++) {
          lines.add(environment + " " + s.name() + " " + replica + " " + SpecJson.hash(SpecJson.canonical(specs.of(s, IMAGE_ID, replica))));
        }
      }
    }
    return lines;
  }
}
