package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.sentinel.runtime.ImageUnavailableException;
import dev.sentinel.dsl.Build;
import dev.sentinel.dsl.Service;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes sure a service's image is on the engine: the local image when present, else a build (classic
 * builder, {@code .dockerignore} honoured, never pulling the base) when the service declares one,
 * else a pull. Nothing here pulls implicitly when a container is created.
 */
public final class Images {
  private Images() {}

  /** The image reference a service runs: its image, or {@code <stack>-<service>} for a build without one. */
  public static String reference(String stack, Service s) {
    return s.imageSource().image().map(Object::toString).orElse(stack + "-" + s.name());
  }

  /** The local image's ID, if the engine has it. Read-only. */
  public static Optional<String> localId(DockerClient docker, String reference) {
    // A JSON tree, not docker-java's InspectImageResponse: every plan and up asks this first (see EngineJson).
    return EngineJson.image(docker, reference).map(image -> image.path("Id").asText()).filter(id -> !id.isEmpty());
  }

  /**
   * The ID of each of {@code services}' images the engine has, by service name; empty for one it
   * does not have (yet to be built or pulled). Looked up several at a time, each reference once.
   */
  public static Map<String, Optional<String>> localIds(DockerClient docker, String stack, Collection<Service> services) {
    Map<String, String> present = Concurrently.each(services.stream().map(s -> reference(stack, s)).toList(),
        reference -> localId(docker, reference));
    Map<String, Optional<String>> ids = new LinkedHashMap<>();
    services.forEach(s -> ids.put(s.name(), Optional.ofNullable(present.get(reference(stack, s)))));
    return ids;
  }

  /**
   * The image's ID, building or pulling it first when the engine does not have it.
   *
   * @param buildOutput receives each line of build output
   * @throws ImageUnavailableException when it can be neither built nor pulled
   */
  public static String ensure(DockerClient docker, String stack, Service s, Consumer<String> buildOutput, Runnable pulling) {
    String reference = reference(stack, s);
    Optional<String> local = localId(docker, reference);
    if (local.isPresent()) {
      return local.get();
    }
    if (s.imageSource().build().isPresent()) {
      build(docker, reference, s.imageSource().build().get(), buildOutput);
      // The build reports a short ID; the full one is what every later inspect (and hash) sees.
      return localId(docker, reference).orElseThrow(() -> new IllegalStateException("the build of " + reference + " left no image"));
    }
    pulling.run();
    try {
      docker.pullImageCmd(reference).exec(new PullImageResultCallback()).awaitCompletion(10, TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      throw new ImageUnavailableException(s.name(), reference, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageUnavailableException(s.name(), reference, e);
    }
    return localId(docker, reference).orElseThrow(() -> new ImageUnavailableException(s.name(), reference, null));
  }

  private static String build(DockerClient docker, String reference, Build b, Consumer<String> output) {
    Path context = Path.of(b.context()).toAbsolutePath().normalize();
    Path dockerfile = context.resolve(b.dockerfile());
    if (!Files.isRegularFile(dockerfile)) {
      throw new IllegalArgumentException("cannot build " + reference + ": no Dockerfile at " + dockerfile);
    }
    var cmd = docker.buildImageCmd()
        .withBaseDirectory(context.toFile())
        .withDockerfile(new File(dockerfile.toString()))
        .withTags(Set.of(reference))
        .withPull(b.pull());
    b.target().ifPresent(cmd::withTarget);
    b.args().forEach(cmd::withBuildArg);
    if (!b.labels().isEmpty()) {
      cmd.withLabels(b.labels());
    }
    if (!b.cacheFrom().isEmpty()) {
      cmd.withCacheFrom(new java.util.LinkedHashSet<>(b.cacheFrom()));
    }
    b.network().ifPresent(cmd::withNetworkMode);
    b.shmSize().ifPresent(z -> cmd.withShmsize(z.bytes()));
    if (!b.extraHosts().isEmpty()) {
      cmd.withExtraHosts(new java.util.LinkedHashSet<>(b.extraHosts().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList()));
    }
    if (b.noCache()) {
      cmd.withNoCache(true);
    }
    return cmd.exec(new BuildImageResultCallback() {
      @Override
      public void onNext(BuildResponseItem item) {
        if (item.getStream() != null && !item.getStream().isBlank()) {
          output.accept(item.getStream().stripTrailing());
        }
        super.onNext(item);
      }
    }).awaitImageId(30, TimeUnit.MINUTES);
  }
}
