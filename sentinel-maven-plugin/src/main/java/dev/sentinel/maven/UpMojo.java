package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.Plan;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Applies the stack and waits until every service is ready; bound to {@code pre-integration-test}.
 * A failed apply fails the build with each failing service, its state, last health check output
 * and last log lines — and removes the stack first (the {@code post-integration-test} phase, where
 * {@code down} runs, is not reached when the build stops here), unless {@code keepOnFailure}.
 */
@Mojo(name = "up", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public final class UpMojo extends StackMojo {
  /** Leaves a stack that failed to come up as it is, for inspection. */
  @Parameter(property = "sentinel.keepOnFailure", defaultValue = "false")
  boolean keepOnFailure;

  @Override
  void run(Stack stack, StackSpec spec) throws MojoFailureException {
    try (Engine engine = Engine.fromEnvironment()) {
      EngineTarget target = EngineTarget.on(engine);
      try {
        Plan plan = target.apply(spec, options());
        info(plan.toText());
      } catch (ApplyException e) {
        if (!keepOnFailure) {
          getLog().info("sentinel: removing stack \"" + spec.name() + "\" after the failed apply (keep it with -Dsentinel.keepOnFailure)");
          target.down(spec, DownOptions.keepVolumes(), options());
        }
        throw new MojoFailureException("sentinel: " + e.getMessage(), e);
      }
    }
  }
}
