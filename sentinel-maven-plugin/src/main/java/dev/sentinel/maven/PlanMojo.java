package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints what {@code up} would change on the engine, changing nothing: {@code mvn sentinel:plan}. */
@Mojo(name = "plan", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class PlanMojo extends StackMojo {
  @Override
  void run(Stack stack, StackSpec spec) {
    try (Engine engine = Engine.fromEnvironment()) {
      info(EngineTarget.on(engine).plan(spec, options()).toText());
    }
  }
}
