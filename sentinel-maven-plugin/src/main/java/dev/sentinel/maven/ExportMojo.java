package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.compose.ComposeExporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes the stack as Compose files: the base, one override per environment, flat files and
 * {@code .env.example}: {@code mvn sentinel:export}.
 */
@Mojo(name = "export", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class ExportMojo extends StackMojo {
  /** The directory to write to. */
  @Parameter(property = "sentinel.exportDirectory", defaultValue = "${project.build.directory}/sentinel/compose")
  File exportDirectory;

  @Override
  void run(Stack stack, StackSpec spec) throws MojoExecutionException {
    Path out = exportDirectory.toPath().toAbsolutePath().normalize();
    // Generated secrets are referred to where the state directory keeps them, relative to the files.
    Path secrets = out.relativize(stateDirectory.toPath().toAbsolutePath().normalize().resolve("secrets"));
    try {
      for (Path file : ComposeExporter.create().withSecretsDirectory("./" + secrets).writeTo(stack, out)) {
        getLog().info("sentinel: wrote " + file);
      }
    } catch (IOException e) {
      throw new MojoExecutionException("sentinel: could not write the Compose files to " + out + ": " + e.getMessage(), e);
    }
  }
}
