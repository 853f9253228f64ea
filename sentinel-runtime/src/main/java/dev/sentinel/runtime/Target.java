package dev.sentinel.runtime;

import dev.sentinel.dsl.StackSpec;

/**
 * Where a stack runs: one engine ({@link EngineTarget}) or, later, a Swarm. All targets share this
 * contract: plan with read-only calls, apply to converge, take down, report status.
 *
 * <pre>{@code
 * try (Engine engine = Engine.fromEnvironment()) {
 *   Target target = EngineTarget.on(engine);
 *   StackSpec spec = stack.resolve("development");
 *   System.out.print(target.plan(spec, options).toText());
 *   target.apply(spec, options);
 * }
 * }</pre>
 */
public interface Target {
  /**
   * What {@link #apply} would do, with read-only calls.
   *
   * @throws EngineUnavailableException when the engine does not answer
   */
  Plan plan(StackSpec spec, ApplyOptions options);

  /**
   * Converges the engine to {@code spec} and waits until every service is ready (healthy, running,
   * or completed, per its definition).
   *
   * @return the plan that was carried out
   * @throws ApplyException naming each failed service with its state, health output and logs
   * @throws StackLockedException when another apply of the same stack does not finish in time
   */
  Plan apply(StackSpec spec, ApplyOptions options);

  /** Stops and removes the stack's containers and networks (volumes if asked), dependents first. */
  void down(StackSpec spec, DownOptions down, ApplyOptions options);

  /** Every container of the stack named {@code stack}. */
  StackStatus status(String stack);
}
