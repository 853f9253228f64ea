package dev.sentinel.testcontainers.junit;

import dev.sentinel.dsl.StackDefinition;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.ServiceContainer;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SentinelStack}: starts (or joins) the class's shared stack before its
 * tests, resolves the parameters the annotation documents, and publishes logs when a test fails.
 */
public final class SentinelStackExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SentinelStackExtension.class);
  private static final int REPORTED_LOG_LINES = 400;

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return (type == ServiceContainer.class && parameter.isAnnotated(Service.class))
        || (type == URI.class && parameter.isAnnotated(Endpoint.class))
        || type == StackStatus.class
        || type == SentinelStackContainer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SentinelStackContainer stack = stack(context);
    Class<?> type = parameter.getParameter().getType();
    try {
      if (type == ServiceContainer.class) {
        Service service = parameter.findAnnotation(Service.class).orElseThrow();
        return stack.service(service.value(), service.replica());
      }
      if (type == URI.class) {
        Endpoint endpoint = parameter.findAnnotation(Endpoint.class).orElseThrow();
        ServiceContainer container = stack.service(endpoint.service());
        return URI.create(endpoint.scheme() + "://" + container.getHost() + ":" + container.getMappedPort(endpoint.port()) + endpoint.path());
      }
      if (type == StackStatus.class) {
        return stack.status();
      }
      return stack;
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException("parameter " + parameter.getIndex() + " (" + parameter.getParameter() + ") of "
          + parameter.getDeclaringExecutable() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Optional<SentinelStackContainer> stack = Optional.ofNullable(
        context.getRoot().getStore(NAMESPACE).get(key(annotation(context)), SentinelStackContainer.class));
    stack.ifPresent(s -> {
      String[] lines = s.getLogs().split("\n");
      int from = Math.max(0, lines.length - REPORTED_LOG_LINES);
      context.publishReportEntry("sentinel.logs", "stack " + s.getStackName() + ", last " + (lines.length - from) + " log lines:\n"
          + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length)));
    });
  }

  private static SentinelStackContainer stack(ExtensionContext context) {
    SentinelStack annotation = annotation(context);
    // The root store lives as long as the test run: every class naming this definition gets one stack.
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key(annotation), k -> start(annotation), SentinelStackContainer.class);
  }

  private static SentinelStackContainer start(SentinelStack annotation) {
    SentinelStackContainer stack = SentinelStackContainer.of(define(annotation.value())).withProfiles(annotation.profiles());
    if (!annotation.environment().isEmpty()) {
      stack = stack.withEnvironment(annotation.environment());
    }
    if (annotation.reuse()) {
      stack = stack.withReuse();
    }
    return stack.shared();
  }

  private static dev.sentinel.dsl.Stack define(Class<? extends StackDefinition> definition) {
    try {
      return definition.getDeclaredConstructor().newInstance().define();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new ExtensionConfigurationException("@SentinelStack(" + definition.getName()
          + ".class): the definition needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new ExtensionConfigurationException("@SentinelStack(" + definition.getName() + ".class): its constructor failed: "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private static String key(SentinelStack annotation) {
    return annotation.value().getName() + "|" + annotation.environment() + "|" + String.join(",", annotation.profiles()) + "|" + annotation.reuse();
  }

  private static SentinelStack annotation(ExtensionContext context) {
    for (Optional<Class<?>> type = context.getTestClass(); type.isPresent(); type = Optional.ofNullable(type.get().getEnclosingClass())) {
      Optional<SentinelStack> found = AnnotationSupport.findAnnotation(type.get(), SentinelStack.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new ExtensionConfigurationException("SentinelStackExtension needs @SentinelStack on the test class or an enclosing class");
  }
}
