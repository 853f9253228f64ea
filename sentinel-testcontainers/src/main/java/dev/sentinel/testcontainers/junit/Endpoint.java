package dev.sentinel.testcontainers.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The address of a service's published port as a {@link java.net.URI} parameter of a {@link
 * SentinelStack} test: {@code @Endpoint(service = "api", port = 8080) URI api} is e.g. {@code
 * http://127.0.0.1:49153}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Endpoint {
  /** The service's name in the stack. */
  String service();

  /** The port inside the container; it must be published. */
  int port();

  /** The URI's scheme. */
  String scheme() default "http";

  /** A path appended to the address, e.g. {@code /health}. */
  String path() default "";
}
