package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Stops and removes the stack's containers and networks; bound to {@code post-integration-test},
 * which runs whether the integration tests passed or not (failsafe reports failures later, in
 * {@code verify}).
 */
@Mojo(name = "down", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST,
    threadSafe = true)
public final class DownMojo extends StackMojo {
  /** Removes the stack's volumes too: their data is gone. */
  @Parameter(property = "sentinel.removeVolumes", defaultValue = "false")
  boolean removeVolumes;

  @Override
  void run(Stack stack, StackSpec spec) {
    try (Engine engine = Engine.fromEnvironment()) {
      EngineTarget.on(engine).down(spec, removeVolumes ? DownOptions.removeVolumesToo() : DownOptions.keepVolumes(), options());
    }
  }
}
