package dev.sentinel.testcontainers.junit;

import dev.sentinel.dsl.StackDefinition;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a stack for a test class: started before its first test, shared with every other class of
 * this JVM that names the same definition, and removed when the JVM exits (left running for the
 * next run with {@link #reuse()}). Tests receive its parts as parameters:
 *
 * <pre>{@code
 * @SentinelStack(ShopStack.class)
 * class CheckoutIT {
 *   @Test
 *   void paysAnOrder(@Endpoint(service = "api", port = 8080) URI api, @Service("db") ServiceContainer db) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters: {@link dev.sentinel.testcontainers.ServiceContainer} with {@link Service}, {@link
 * java.net.URI} with {@link Endpoint}, {@link dev.sentinel.runtime.StackStatus}, and the {@link
 * dev.sentinel.testcontainers.SentinelStackContainer} itself. When a test fails, the containers'
 * recent log lines are published to the test report (entry {@code sentinel.logs}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SentinelStackExtension.class)
public @interface SentinelStack {
  /** The definition, a class with a public no-argument constructor. */
  Class<? extends StackDefinition> value();

  /** The environment to resolve; empty for the stack's base. */
  String environment() default "";

  /** Profiles to activate. */
  String[] profiles() default {};

  /** Keep the stack running for the next run of the same definition (see {@code SentinelStackContainer.withReuse()}). */
  boolean reuse() default false;
}
