package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.StackStatus;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints the state, health, restarts and ports of the stack's containers: {@code mvn sentinel:status}. */
@Mojo(name = "status", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class StatusMojo extends StackMojo {
  @Override
  void run(Stack stack, StackSpec spec) {
    try (Engine engine = Engine.fromEnvironment()) {
      StackStatus status = EngineTarget.on(engine).status(spec.name());
      info(status.containers().isEmpty() ? "stack \"" + spec.name() + "\" has no containers" : status.toText());
    }
  }
}
