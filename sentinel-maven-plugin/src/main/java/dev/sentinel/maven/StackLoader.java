package dev.sentinel.maven;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The project's classes, loaded in a child of the plugin's class loader (so {@code StackDefinition}
 * and the model are the plugin's own classes whatever version the project has), and its {@link
 * StackDefinition}. Open while the goal runs: environment overlays are lambdas of the project's
 * classes, evaluated when the stack is resolved. It is the thread's context class loader meanwhile.
 */
final class StackLoader implements AutoCloseable {
  private final URLClassLoader loader;
  private final ClassLoader previous;

  StackLoader(List<String> classpath) throws MojoExecutionException {
    this.loader = new URLClassLoader(urls(classpath), StackLoader.class.getClassLoader());
    this.previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
  }

  /** The stack of {@code definitionClass}, or of the one definition the project lists as a service. */
  Stack load(Optional<String> definitionClass) throws MojoExecutionException {
    return define(definition(loader, definitionClass));
  }

  @Override
  public void close() throws MojoExecutionException {
    Thread.currentThread().setContextClassLoader(previous);
    try {
      loader.close();
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("sentinel: could not close the project's class loader: " + e.getMessage(), e);
    }
  }

  private static StackDefinition definition(ClassLoader loader, Optional<String> definitionClass) throws MojoExecutionException {
    if (definitionClass.isPresent()) {
      String name = definitionClass.get();
      try {
        Class<?> type = Class.forName(name, true, loader);
        if (!StackDefinition.class.isAssignableFrom(type)) {
          throw new MojoExecutionException("sentinel: " + name + " does not implement " + StackDefinition.class.getName());
        }
        return (StackDefinition) type.getDeclaredConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        throw new MojoExecutionException("sentinel: the definition " + name + " is not on the project's classpath"
            + " (is it compiled? the goal runs after test-compile by default)", e);
      } catch (ReflectiveOperationException e) {
        throw new MojoExecutionException("sentinel: could not create " + name + " with its no-argument constructor: " + e, e);
      }
    }
    List<StackDefinition> found = new ArrayList<>();
    ServiceLoader.load(StackDefinition.class, loader).forEach(found::add);
    if (found.size() != 1) {
      throw new MojoExecutionException(found.isEmpty()
          ? "sentinel: no StackDefinition found: set <definition> to the class, or list it in META-INF/services/" + StackDefinition.class.getName()
          : "sentinel: several StackDefinitions found (" + String.join(", ", found.stream().map(d -> d.getClass().getName()).toList())
              + "): choose one with <definition> or -Dsentinel.definition");
    }
    return found.get(0);
  }

  private static Stack define(StackDefinition definition) throws MojoExecutionException {
    try {
      return definition.define();
    } catch (RuntimeException e) {
      // An invalid stack lists every problem in its message.
      throw new MojoExecutionException("sentinel: " + definition.getClass().getName() + " does not define a valid stack: " + e.getMessage(), e);
    }
  }

  private static URL[] urls(List<String> classpath) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    for (String element : classpath) {
      try {
        urls.add(new File(element).toURI().toURL());
      } catch (MalformedURLException e) {
        throw new MojoExecutionException("sentinel: classpath element " + element + " is not a path", e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}
