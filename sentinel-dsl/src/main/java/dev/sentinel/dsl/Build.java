package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a service's image is built from a Dockerfile.
 *
 * <pre>{@code
 * svc.build(b -> b.context("images/orchestrator").target("runtime").arg("JAVA_VERSION", "17"));
 * }</pre>
 *
 * @param context the build context directory (relative paths are relative to the stack's base
 *     directory)
 * @param dockerfile the Dockerfile, relative to the context
 * @param target the stage to build, when not the last
 * @param args build arguments
 */
public record Build(String context, String dockerfile, Optional<String> target, Map<String, String> args) {
  public Build {
    checkNotNull(context, "context");
    checkNotNull(dockerfile, "dockerfile");
    checkNotNull(target, "target");
    args = ImmutableMap.copyOf(args);
  }
}
