package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.compose.PolicyFiles;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks the definition against security and reliability policy, writes the findings as SARIF
 * 2.1.0 (for code-scanning tools) and fails the build on findings at or above the policy's
 * threshold; bound to {@code verify}.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class LintMojo extends StackMojo {
  /** Where the SARIF report is written. */
  @Parameter(property = "sentinel.sarifFile", defaultValue = "${project.build.directory}/sentinel/lint.sarif")
  File sarifFile;

  /** A policy file (failAt, severities, disabled rules); the default policy without it. */
  @Parameter(property = "sentinel.policyFile")
  File policyFile;

  /** Reports findings without failing the build. */
  @Parameter(property = "sentinel.lint.failOnFindings", defaultValue = "true")
  boolean failOnFindings;

  @Override
  void run(Stack stack, StackSpec spec) throws MojoExecutionException, MojoFailureException {
    PolicyReport report = Linter.lint(spec, policy());
    info(report.toText());
    Path sarif = sarifFile.toPath();
    try {
      Files.createDirectories(sarif.toAbsolutePath().getParent());
      Files.writeString(sarif, report.toSarif(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MojoExecutionException("sentinel: could not write " + sarif + ": " + e.getMessage(), e);
    }
    getLog().info("sentinel: SARIF report written to " + sarif);
    if (report.fails() && failOnFindings) {
      throw new MojoFailureException("sentinel: stack \"" + spec.name() + "\" has findings at or above " + report.failAt()
          + " (see above, or " + sarif + ")");
    }
  }

  private Policy policy() throws MojoExecutionException {
    if (policyFile == null) {
      return Policy.defaults();
    }
    try {
      return PolicyFiles.parse(Files.readString(policyFile.toPath()));
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoExecutionException("sentinel: could not read the policy " + policyFile + ": " + e.getMessage(), e);
    }
  }
}
