package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Configures a {@link Build}.
 *
 * <pre>{@code
 * svc.build(b -> b.context("images/api").dockerfile("Dockerfile").target("runtime").arg("VERSION", "1.4"));
 * }</pre>
 */
public final class BuildBuilder {
  private String context;
  private String dockerfile;
  private Optional<String> target;
  private final Map<String, String> args;

  BuildBuilder(Optional<Build> from) {
    this.context = from.map(Build::context).orElse(".");
    this.dockerfile = from.map(Build::dockerfile).orElse("Dockerfile");
    this.target = from.flatMap(Build::target);
    this.args = new LinkedHashMap<>(from.map(Build::args).orElse(Map.of()));
  }

  /** The build context directory; default {@code .}. */
  public BuildBuilder context(String context) {
    this.context = checkNotNull(context, "context");
    return this;
  }

  /** The Dockerfile, relative to the context; default {@code Dockerfile}. */
  public BuildBuilder dockerfile(String dockerfile) {
    this.dockerfile = checkNotNull(dockerfile, "dockerfile");
    return this;
  }

  /** The stage to build in a multi-stage Dockerfile. */
  public BuildBuilder target(String stage) {
    this.target = Optional.of(checkNotNull(stage, "stage"));
    return this;
  }

  /** A build argument ({@code ARG} in the Dockerfile). */
  public BuildBuilder arg(String name, String value) {
    args.put(checkNotNull(name, "name"), checkNotNull(value, "value"));
    return this;
  }

  Build build() {
    return new Build(context, dockerfile, target, args);
  }
}
