package dev.sentinel.testcontainers.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which service's container a {@link dev.sentinel.testcontainers.ServiceContainer} parameter of a
 * {@link SentinelStack} test is: {@code @Service("db") ServiceContainer db}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Service {
  /** The service's name in the stack. */
  String value();

  /** The replica, from 1. */
  int replica() default 1;
}
