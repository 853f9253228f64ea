package dev.sentinel.compose;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stack as Compose Specification YAML, deterministically: the same stack always gives the
 * same bytes. Secrets are exported as {@code file:} (or {@code environment:}) references, never as
 * values; a generated secret refers to its file in the secret store's directory.
 *
 * <pre>{@code
 * ComposeExporter exporter = ComposeExporter.create();
 * String base = exporter.compose(stack.base());
 * String production = exporter.override(stack, "production");  // docker compose -f base -f production
 * exporter.writeTo(stack, Path.of("deploy"));
 * }</pre>
 */
public final class ComposeExporter {
  /** The default directory generated secrets are referred to in, relative to the Compose file. */
  public static final String DEFAULT_SECRETS_DIRECTORY = "./.sentinel/secrets";

  private final String secretsDirectory;

  private ComposeExporter(String secretsDirectory) {
    this.secretsDirectory = secretsDirectory;
  }

  /** An exporter that refers to generated secrets under {@value #DEFAULT_SECRETS_DIRECTORY}. */
  public static ComposeExporter create() {
    return new ComposeExporter(DEFAULT_SECRETS_DIRECTORY);
  }

  /**
   * An exporter that refers to generated secrets as {@code <directory>/<stack>/<secret>}: where the
   * secret store keeps them, relative to the directory the Compose files are written to.
   */
  public ComposeExporter withSecretsDirectory(String directory) {
    return new ComposeExporter(checkNotNull(directory, "directory"));
  }

  /** The complete Compose file for {@code spec} (the base, or one resolved environment). */
  public String compose(StackSpec spec) {
    return ComposeYaml.dump(mapping(spec.name()).toTree(spec));
  }

  /**
   * The override file for {@code environment}: {@code docker compose -f <base> -f <override>}
   * gives the same model as {@link #compose} of {@code stack.resolve(environment)}.
   *
   * @throws IllegalArgumentException naming the known environments when there is no such one
   */
  public String override(Stack stack, String environment) {
    ComposeMapping mapping = mapping(stack.name());
    return ComposeYaml.dump(OverrideDiff.between(mapping.toTree(stack.base()), mapping.toTree(stack.resolve(environment))));
  }

  /**
   * A file {@code docker stack deploy} accepts for {@code spec}: the Compose file with Swarm's
   * spellings (restart policy under deploy, integer published ports, no build or depends_on).
   *
   * @param hostModePorts publish in host mode (kernels without IPVS) instead of through the ingress
   */
  public String stackFile(StackSpec spec, boolean hostModePorts) {
    return ComposeYaml.dump(StackFile.from(mapping(spec.name()).toTree(spec), hostModePorts));
  }

  /** A {@code .env.example} listing every host variable the stack reads, in any environment. */
  public String envExample(Stack stack) {
    return EnvExample.render(stack);
  }

  /**
   * Writes {@code docker-compose.yml}, and per environment {@code docker-compose.<env>.yml} (the
   * override), {@code docker-compose.<env>.flat.yml} (the single resolved file) and {@code
   * docker-stack.<env>.yml} (for {@code docker stack deploy}), plus {@code .env.example}, into
   * {@code directory}. Each file is written under a temporary name and renamed,
   * so a failed export never leaves a half-written file.
   *
   * @return the files written, in that order
   * @throws IOException when a file cannot be written
   */
  public List<Path> writeTo(Stack stack, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Path> written = new ArrayList<>();
    written.add(write(directory.resolve("docker-compose.yml"), compose(stack.base())));
    for (String env : stack.environments().keySet()) {
      written.add(write(directory.resolve("docker-compose." + env + ".yml"), override(stack, env)));
      written.add(write(directory.resolve("docker-compose." + env + ".flat.yml"), compose(stack.resolve(env))));
      written.add(write(directory.resolve("docker-stack." + env + ".yml"), stackFile(stack.resolve(env), false)));
      for (var config : stack.resolve(env).configs().values()) {
        if (config.source() instanceof dev.sentinel.dsl.Config.Source.Content content) {
          Path file = directory.resolve(StackFile.configFile(stack.name(), config.name()).substring(2));
          Files.createDirectories(file.getParent());
          if (!written.contains(file)) {
            written.add(write(file, content.content()));
          }
        }
      }
    }
    written.add(write(directory.resolve(".env.example"), envExample(stack)));
    return written;
  }

  private ComposeMapping mapping(String stack) {
    return new ComposeMapping((Secret s) -> secretsDirectory + "/" + stack + "/" + s.name());
  }

  private static Path write(Path file, String content) throws IOException {
    AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.permissions(0644));
    return file;
  }

}
