package dev.sentinel.compose;

import dev.sentinel.dsl.policy.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads policy files: {@code failAt: error|warning|info} and {@code severities: {RULE-ID:
 * error|warning|info|off}}.
 *
 * <pre>{@code
 * Policy policy = PolicyFiles.parse("""
 *     failAt: warning
 *     severities:
 *       RES-NO-ULIMITS: off
 *       IMG-FLOATING-TAG: error
 *     """);
 * }</pre>
 */
public final class PolicyFiles {
  private PolicyFiles() {}

  /**
   * The policy a YAML document describes.
   *
   * @throws IllegalArgumentException naming the key or rule that is wrong, or what is not YAML
   */
  public static Policy parse(String yaml) {
    Object loaded;
    try {
      // SafeConstructor: a policy file builds plain maps, lists and scalars, never Java objects.
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("policy: not YAML: " + e.getMessage(), e);
    }
    return Policy.of(loaded);
  }

  /** The policy in {@code file}; errors name the file. */
  public static Policy read(Path file) throws IOException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }
}
