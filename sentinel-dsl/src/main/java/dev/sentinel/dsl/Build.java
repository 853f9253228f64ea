package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
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
 * @param labels labels of the built image
 * @param cacheFrom images whose layers the build may reuse
 * @param network the network the build's {@code RUN} steps use, e.g. {@code host} or {@code none}
 * @param shmSize the size of {@code /dev/shm} for the build's steps
 * @param extraHosts host names added to {@code /etc/hosts} during the build
 * @param noCache whether every step runs again instead of coming from the cache
 * @param pull whether base images are pulled even when present
 */
public record Build(String context, String dockerfile, Optional<String> target, Map<String, String> args, Map<String, String> labels,
    List<String> cacheFrom, Optional<String> network, Optional<Size> shmSize, Map<String, String> extraHosts, boolean noCache, boolean pull) {
  public Build {
    checkNotNull(context, "context");
    checkNotNull(dockerfile, "dockerfile");
    checkNotNull(target, "target");
    args = ImmutableMap.copyOf(args);
    labels = ImmutableMap.copyOf(labels);
    cacheFrom = ImmutableList.copyOf(cacheFrom);
    checkNotNull(network, "network");
    checkNotNull(shmSize, "shmSize");
    extraHosts = ImmutableMap.copyOf(extraHosts);
  }

  /** A build of {@code context} with a Dockerfile, a stage and arguments, and no further options. */
  public Build(String context, String dockerfile, Optional<String> target, Map<String, String> args) {
    this(context, dockerfile, target, args, Map.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(), false, false);
  }
}
