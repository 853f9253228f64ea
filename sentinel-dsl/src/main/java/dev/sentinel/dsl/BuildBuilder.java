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
  private final Map<String, String> labels;
  private final java.util.List<String> cacheFrom;
  private Optional<String> network;
  private Optional<Size> shmSize;
  private final Map<String, String> extraHosts;
  private boolean noCache;
  private boolean pull;

  BuildBuilder(Optional<Build> from) {
    this.context = from.map(Build::context).orElse(".");
    this.dockerfile = from.map(Build::dockerfile).orElse("Dockerfile");
    this.target = from.flatMap(Build::target);
    this.args = new LinkedHashMap<>(from.map(Build::args).orElse(Map.of()));
    this.labels = new LinkedHashMap<>(from.map(Build::labels).orElse(Map.of()));
    this.cacheFrom = new java.util.ArrayList<>(from.map(Build::cacheFrom).orElse(java.util.List.of()));
    this.network = from.flatMap(Build::network);
    this.shmSize = from.flatMap(Build::shmSize);
    this.extraHosts = new LinkedHashMap<>(from.map(Build::extraHosts).orElse(Map.of()));
    this.noCache = from.map(Build::noCache).orElse(false);
    this.pull = from.map(Build::pull).orElse(false);
  }

  /** A label of the built image. */
  public BuildBuilder label(String key, String value) {
    labels.put(checkNotNull(key, "key"), checkNotNull(value, "value"));
    return this;
  }

  /** An image whose layers the build may reuse, e.g. the previous release. */
  public BuildBuilder cacheFrom(String image) {
    if (!cacheFrom.contains(checkNotNull(image, "image"))) {
      cacheFrom.add(image);
    }
    return this;
  }

  /** The network of the build's {@code RUN} steps, e.g. {@code host} or {@code none}. */
  public BuildBuilder network(String network) {
    this.network = Optional.of(checkNotNull(network, "network"));
    return this;
  }

  /** The size of {@code /dev/shm} for the build's steps, e.g. {@code 256m}. */
  public BuildBuilder shmSize(String size) {
    this.shmSize = Optional.of(Size.parse(checkNotNull(size, "size")));
    return this;
  }

  /** A host name in {@code /etc/hosts} during the build, e.g. a package mirror. */
  public BuildBuilder extraHost(String hostname, String address) {
    extraHosts.put(checkNotNull(hostname, "hostname"), checkNotNull(address, "address"));
    return this;
  }

  /** Runs every step again, ignoring the build cache. */
  public BuildBuilder noCache() {
    this.noCache = true;
    return this;
  }

  /** Pulls base images even when the engine has them. */
  public BuildBuilder pull() {
    this.pull = true;
    return this;
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
    return new Build(context, dockerfile, target, args, labels, cacheFrom, network, shmSize, extraHosts, noCache, pull);
  }
}
