package dev.sentinel.testcontainers;

import static com.google.common.base.Preconditions.checkArgument;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.ReusedStacks;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerLaunchException;

/** One start of a {@link SentinelStackContainer}'s stack: everything its stop() must undo. */
final class RunningStack {
  private static final Logger log = LoggerFactory.getLogger(RunningStack.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  final StackConfig config;
  final Engine engine;
  final DockerClient docker;
  final EngineTarget target;
  final StackSpec spec;
  final ApplyOptions options;
  final Path state;
  final LogBuffer logs = new LogBuffer();
  final List<Closeable> followers = new ArrayList<>();
  final Set<String> followed = new HashSet<>();
  final boolean reused;

  RunningStack(StackConfig config, boolean reused) {
    this.config = config;
    this.reused = reused;
    StackSpec resolved = resolve(config);
    // A reused stack's name says which definition it runs, so another definition never attaches
    // to it; its state (generated secrets among it) must outlive this JVM for the same reason.
    this.spec = uniquelyNamed(resolved, reused ? "r" + SentinelStackContainer.definitionKey(config, resolved).substring(0, 10) : randomSuffix());
    try {
      this.state = reused ? Files.createDirectories(ReusedStacks.stateDirectory(spec.name()))
          : Files.createTempDirectory("sentinel-stack-");
    } catch (IOException e) {
      throw new ContainerLaunchException("cannot create a state directory", e);
    }
    this.engine = Engine.fromEnvironment();
    this.docker = EngineClients.of(engine).requests();
    this.target = EngineTarget.on(engine);
    Map<String, String> labels = new LinkedHashMap<>(config.labels());
    if (reused) {
      labels.put(SentinelStackContainer.REUSE_LABEL, "true");
    }
    this.options = ApplyOptions.defaults().withStateDirectory(state).withProfiles(config.profiles())
        .withExtraLabels(labels).withServiceTimeout(config.startupTimeout()).withApplyTimeout(config.startupTimeout())
        .withListener(event -> {
          log.debug("{}: {}", spec.name(), event);
          // Follow each container from the moment it runs, so a failed start's logs are kept too.
          if (event instanceof ProgressEvent.Started started) {
            follow(started.container());
          }
        });
  }

  void start() {
    log.info("starting stack {} ({})", spec.name(), config.environment().orElse("base"));
    target.apply(spec, options);
    // Containers left running from an earlier start of this instance were not started again.
    StackStatus status = target.status(spec.name());
    status.containers().forEach(c -> follow(c.name()));
  }

  /** Ends this instance's hold on a reused stack, which keeps running. */
  void detach() {
    closeFollowers();
    engine.close();
    log.info("left stack {} running for reuse (remove with: sentinel reused --remove, or SentinelStackContainer.removeReusedStacks())", spec.name());
  }

  private void closeFollowers() {
    List<Closeable> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(followers);
    }
    for (Closeable follower : toClose) {
      try {
        follower.close();
      } catch (IOException | RuntimeException e) {
        log.debug("closing a log follower failed", e);
      }
    }
  }

  void stop(boolean keepVolumes) {
    closeFollowers();
    try {
      target.down(spec, keepVolumes ? DownOptions.keepVolumes() : DownOptions.removeVolumesToo(), options);
    } catch (RuntimeException e) {
      log.warn("taking stack {} down failed: {}", spec.name(), e.getMessage());
    } finally {
      engine.close();
      if (!reused) {
        deleteRecursively(state);
      }
    }
  }

  private synchronized void follow(String container) {
    if (!followed.add(container)) {
      return;
    }
    followers.add(EngineClients.of(engine).streams().logContainerCmd(container).withStdOut(true).withStdErr(true).withFollowStream(true)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(line -> {
              logs.add(container, line);
              config.logConsumers().forEach(consumer -> consumer.accept(container, line));
            });
          }

          @Override
          public void onError(Throwable error) {
            // Closing a follower at stop, or the container going away, ends its stream with an
            // error; the Adapter would log that at ERROR with a stack trace on every stop.
            log.debug("log stream of {} ended: {}", container, error.toString());
            super.onComplete();
          }
        }));
  }

  static StackSpec resolve(StackConfig config) {
    Set<String> services = config.stack().resolve(config.environment(), s -> config.overrides().forEach(o -> o.accept(s))).services().keySet();
    config.readiness().keySet().forEach(service -> checkArgument(services.contains(service),
        "withReadiness: the stack has no service \"%s\" (services: %s)", service, String.join(", ", services)));
    Consumer<StackBuilder> overrides = s -> {
      config.overrides().forEach(o -> o.accept(s));
      config.readiness().forEach((service, conditions) -> s.service(service, svc -> conditions.forEach(svc::readiness)));
    };
    StackSpec withOverrides = config.stack().resolve(config.environment(), overrides);
    // A fixed container name would collide with the same definition running beside it.
    Consumer<StackBuilder> ownNames = s -> withOverrides.services().values().stream().filter(service -> service.naming().containerName().isPresent())
        .forEach(service -> s.service(service.name(), svc -> svc.reset("container_name")));
    if (config.fixedPorts()) {
      return config.stack().resolve(config.environment(), overrides.andThen(ownNames));
    }
    // Every fixed host port becomes a random one on loopback, so instances never collide.
    Consumer<StackBuilder> randomPorts = s -> withOverrides.services().values().forEach(service -> {
      List<PortMapping> fixed = service.networking().ports().stream().filter(p -> p.published().isPresent()).toList();
      if (!fixed.isEmpty()) {
        s.service(service.name(), svc -> fixed.forEach(p ->
            svc.removePort(p).port(new PortMapping(PortMapping.DEFAULT_HOST_IP, Optional.empty(), p.target(), p.protocol()))));
      }
    });
    return config.stack().resolve(config.environment(), overrides.andThen(ownNames).andThen(randomPorts));
  }

  private static String randomSuffix() {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return HexFormat.of().formatHex(suffix);
  }

  /**
   * The spec under a name unique to this instance; networks and volumes the stack owns lose a
   * fixed engine name ({@code name:}), which would be shared with every other instance.
   */
  private static StackSpec uniquelyNamed(StackSpec spec, String suffix) {
    Map<String, Network> networks = new LinkedHashMap<>();
    spec.networks().forEach((name, n) -> networks.put(name, n.external() ? n : n.managed()));
    Map<String, Volume> volumes = new LinkedHashMap<>();
    spec.volumes().forEach((name, v) -> volumes.put(name, v.external() ? v
        : new Volume(v.name(), v.driver(), v.driverOptions(), v.labels(), false, v.backup(), Optional.empty())));
    return new StackSpec(spec.name() + "-" + suffix, spec.environment(), spec.services(),
        networks, volumes, spec.secrets(), spec.configs());
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("cannot delete {}", dir, e);
    }
  }
}
