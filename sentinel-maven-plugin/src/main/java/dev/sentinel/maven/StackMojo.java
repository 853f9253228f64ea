package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.EngineUnavailableException;
import dev.sentinel.runtime.ProgressEvent;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: which stack (a {@code StackDefinition} of the project's own classes),
 * which environment and profiles, where Sentinel keeps its state.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.sentinel</groupId>
 *   <artifactId>sentinel-maven-plugin</artifactId>
 *   <configuration>
 *     <definition>com.example.ShopStack</definition>   <!-- optional when the project lists exactly one -->
 *   </configuration>
 *   <executions>
 *     <execution><goals><goal>up</goal><goal>down</goal></goals></execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
abstract class StackMojo extends AbstractMojo {
  /**
   * The {@code StackDefinition} class. Without it, the one definition the project lists in {@code
   * META-INF/services/dev.sentinel.dsl.StackDefinition} is used.
   */
  @Parameter(property = "sentinel.definition")
  String definition;

  /** The environment; without it, the base of a stack with no environments, else {@code development}. */
  @Parameter(property = "sentinel.env")
  String environment;

  /** Profiles to activate. */
  @Parameter(property = "sentinel.profiles")
  List<String> profiles = new ArrayList<>();

  /** Where Sentinel keeps generated secrets, materialised files and the audit log. */
  @Parameter(property = "sentinel.stateDirectory", defaultValue = "${project.build.directory}/sentinel")
  File stateDirectory;

  /** Skips the goal, e.g. {@code -Dsentinel.skip} together with {@code -DskipITs}. */
  @Parameter(property = "sentinel.skip", defaultValue = "false")
  boolean skip;

  /** The project's test classpath: its test and main classes and its dependencies. */
  @Parameter(defaultValue = "${project.testClasspathElements}", readonly = true, required = true)
  List<String> classpath;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("sentinel: skipped");
      return;
    }
    try (StackLoader project = new StackLoader(classpath)) {
      Stack stack = project.load(Optional.ofNullable(definition));
      StackSpec spec;
      try {
        spec = stack.resolveOrDefault(Optional.ofNullable(environment));
      } catch (IllegalArgumentException e) {
        throw new MojoExecutionException("sentinel: " + e.getMessage() + " (set <environment> or -Dsentinel.env)", e);
      }
      run(stack, spec);
    } catch (EngineUnavailableException e) {
      throw new MojoExecutionException("sentinel: " + e.getMessage(), e);
    }
  }

  /** The goal's work on the resolved stack. */
  abstract void run(Stack stack, StackSpec spec) throws MojoExecutionException, MojoFailureException;

  /** Apply options: the state directory, the profiles, progress written to the build log. */
  final ApplyOptions options() {
    Path state = stateDirectory.toPath().toAbsolutePath();
    return ApplyOptions.defaults().withStateDirectory(state)
        .withProfiles(Set.copyOf(profiles)).withListener(this::progress);
  }

  private void progress(ProgressEvent event) {
    if (event instanceof ProgressEvent.Failed f) {
      getLog().warn(f.serviceName() + "  FAILED: " + f.reason());
    } else if (event instanceof ProgressEvent.Started s) {
      getLog().info(s.serviceName() + "  started " + s.container());
    } else if (event instanceof ProgressEvent.Ready r) {
      getLog().info(r.serviceName() + "  " + r.state());
    } else if (event instanceof ProgressEvent.RolledBack || event instanceof ProgressEvent.EngineLost
        || event instanceof ProgressEvent.EngineWaiting || event instanceof ProgressEvent.EngineBack) {
      getLog().warn(event.text());
    } else if (event instanceof ProgressEvent.Removed r) {
      getLog().info(r.service().map(s -> s + "  ").orElse("") + "removed " + r.object());
    } else if (event instanceof ProgressEvent.Creating c) {
      getLog().info(c.service().map(s -> s + "  ").orElse("") + "creating " + c.object());
    }
  }

  /** Logs each line of a multi-line text. */
  final void info(String text) {
    text.lines().forEach(getLog()::info);
  }
}
