package dev.sentinel.testcontainers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sentinel.dsl.Network;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.ProgressEvent;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.lifecycle.Startable;

/**
 * A whole Sentinel stack as a Testcontainers {@link Startable}: usable as a {@code @Container}
 * field, or on its own with try-with-resources. It runs the stack through Sentinel's runtime (no
 * compose binary, no extra containers), under a name unique to this instance, waits using the
 * stack's own health checks, and removes everything it created when stopped — also when start
 * fails halfway.
 *
 * <pre>{@code
 * @Testcontainers
 * class ShopIT {
 *   @Container
 *   static SentinelStackContainer shop = SentinelStackContainer.of(ShopStack.define())
 *       .withEnvironment("development")
 *       .withOverride(s -> s.service("api", api -> api.port("8080")));
 *
 *   @Test
 *   void answers() {
 *     ServiceContainer api = shop.service("api");
 *     URI health = URI.create("http://" + api.getHost() + ":" + api.getMappedPort(8080) + "/health");
 *   }
 * }
 * }</pre>
 *
 * <p>Configuration methods return a new, unstarted instance. Published ports get random host
 * ports on 127.0.0.1 unless {@link #withFixedPorts()}; look them up by service.
 */
public final class SentinelStackContainer implements Startable {
  private static final Logger log = LoggerFactory.getLogger(SentinelStackContainer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Config(Stack stack, Optional<String> environment, Set<String> profiles, List<Consumer<StackBuilder>> overrides,
      Duration startupTimeout, boolean fixedPorts, boolean keepVolumes, List<BiConsumer<String, String>> logConsumers,
      Map<String, String> labels) {}

  private final Config config;
  private Running running;

  private SentinelStackContainer(Config config) {
    this.config = config;
  }

  /** A container for {@code stack}'s base definition, 3 minutes to start, random host ports. */
  public static SentinelStackContainer of(Stack stack) {
    return new SentinelStackContainer(new Config(checkNotNull(stack, "stack"), Optional.empty(), Set.of(), List.of(),
        Duration.ofMinutes(3), false, false, List.of(), Map.of()));
  }

  /** Resolves this environment of the stack instead of its base. */
  public SentinelStackContainer withEnvironment(String environment) {
    return with(new Config(config.stack, Optional.of(environment), config.profiles, config.overrides, config.startupTimeout,
        config.fixedPorts, config.keepVolumes, config.logConsumers, config.labels));
  }

  /** Activates these profiles. */
  public SentinelStackContainer withProfiles(String... profiles) {
    return with(new Config(config.stack, config.environment, ImmutableSet.copyOf(profiles), config.overrides, config.startupTimeout,
        config.fixedPorts, config.keepVolumes, config.logConsumers, config.labels));
  }

  /** One more overlay for this test, e.g. {@code s -> s.service("api", a -> a.image("api:test").port("8080"))}. */
  public SentinelStackContainer withOverride(Consumer<StackBuilder> override) {
    return with(new Config(config.stack, config.environment, config.profiles,
        ImmutableList.<Consumer<StackBuilder>>builder().addAll(config.overrides).add(override).build(), config.startupTimeout,
        config.fixedPorts, config.keepVolumes, config.logConsumers, config.labels));
  }

  /** How long the stack may take to become ready. */
  public SentinelStackContainer withStartupTimeout(Duration timeout) {
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "the startup timeout must be positive");
    return with(new Config(config.stack, config.environment, config.profiles, config.overrides, timeout,
        config.fixedPorts, config.keepVolumes, config.logConsumers, config.labels));
  }

  /** Keeps the host ports the definition declares (two instances of the stack then collide). */
  public SentinelStackContainer withFixedPorts() {
    return with(new Config(config.stack, config.environment, config.profiles, config.overrides, config.startupTimeout,
        true, config.keepVolumes, config.logConsumers, config.labels));
  }

  /** Keeps the stack's volumes when stopped (they are removed by default). */
  public SentinelStackContainer withVolumesKept() {
    return with(new Config(config.stack, config.environment, config.profiles, config.overrides, config.startupTimeout,
        config.fixedPorts, true, config.logConsumers, config.labels));
  }

  /** Receives every log line of every container as {@code (containerName, line)}, from start to stop. */
  public SentinelStackContainer withLogConsumer(BiConsumer<String, String> consumer) {
    return with(new Config(config.stack, config.environment, config.profiles, config.overrides, config.startupTimeout,
        config.fixedPorts, config.keepVolumes,
        ImmutableList.<BiConsumer<String, String>>builder().addAll(config.logConsumers).add(consumer).build(), config.labels));
  }

  /** Sends every log line to SLF4J, logger {@code dev.sentinel.stack.<service>}, at INFO. */
  public SentinelStackContainer withLogsToSlf4j() {
    return withLogConsumer((container, line) -> LoggerFactory.getLogger("dev.sentinel.stack." + container).info("{}", line));
  }

  /** A label on every object the stack creates. */
  public SentinelStackContainer withLabel(String key, String value) {
    return with(new Config(config.stack, config.environment, config.profiles, config.overrides, config.startupTimeout,
        config.fixedPorts, config.keepVolumes, config.logConsumers,
        ImmutableMap.<String, String>builder().putAll(config.labels).put(key, value).buildKeepingLast()));
  }

  private SentinelStackContainer with(Config changed) {
    checkState(running == null, "configure a stack container before starting it");
    return new SentinelStackContainer(changed);
  }

  /**
   * Applies the stack and waits until every service is ready. Does nothing when already started.
   *
   * @throws ContainerLaunchException with the failing service's state, health output and last logs;
   *     nothing of the stack is left behind
   */
  @Override
  public synchronized void start() {
    if (running != null) {
      return;
    }
    Running starting = new Running(config);
    try {
      starting.start();
      running = starting;
    } catch (RuntimeException e) {
      starting.stop(false);
      if (e instanceof ApplyException apply) {
        throw new ContainerLaunchException("stack \"" + starting.spec.name() + "\" did not start:\n" + apply.getMessage(), apply);
      }
      throw new ContainerLaunchException("stack \"" + config.stack.name() + "\" did not start: " + e.getMessage(), e);
    }
  }

  /** Removes every container, network and (unless kept) volume of this instance. Idempotent. */
  @Override
  public synchronized void stop() {
    if (running != null) {
      running.stop(config.keepVolumes);
      running = null;
    }
  }

  /** The unique name this instance's stack runs under, e.g. {@code shop-3fa9c2}. */
  public String getStackName() {
    return started().spec.name();
  }

  /** The engine's name of the stack network {@code network}, e.g. {@code shop-3fa9c2_backend}. */
  public String getNetworkName(String network) {
    checkArgument(started().spec.networks().containsKey(network), "the stack has no network \"%s\"", network);
    return started().spec.networkEngineName(network);
  }

  /** The first replica of {@code service}. */
  public ServiceContainer service(String service) {
    return service(service, 1);
  }

  /** Replica {@code replica} (from 1) of {@code service}. */
  public ServiceContainer service(String service, int replica) {
    Running r = started();
    ContainerStatus c = r.target.status(r.spec.name()).containers(service).stream().filter(s -> s.replica() == replica).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("stack \"" + r.spec.name() + "\" has no replica " + replica
            + " of service \"" + service + "\" (services: " + String.join(", ", r.spec.services().keySet()) + ")"));
    return new ServiceContainer(r.docker, service, replica, c.id(), c.name(), r.logs);
  }

  /** Host and port of {@code containerPort} of the first replica of {@code service}. */
  public int getMappedPort(String service, int containerPort) {
    return service(service).getMappedPort(containerPort);
  }

  public String getHost(String service) {
    return service(service).getHost();
  }

  /** The status of every container of the stack. */
  public StackStatus status() {
    return started().target.status(started().spec.name());
  }

  /** Every log line collected so far, each prefixed with its container's name: for test reports. */
  public String getLogs() {
    return running == null ? "" : running.logs.all();
  }

  private Running started() {
    checkState(running != null, "the stack container is not started");
    return running;
  }

  /** One start of the stack: everything stop() must undo. */
  private static final class Running {
    final Config config;
    final Engine engine;
    final DockerClient docker;
    final EngineTarget target;
    final StackSpec spec;
    final ApplyOptions options;
    final Path state;
    final LogBuffer logs = new LogBuffer();
    final List<Closeable> followers = new ArrayList<>();
    final java.util.Set<String> followed = new java.util.HashSet<>();

    Running(Config config) {
      this.config = config;
      try {
        this.state = Files.createTempDirectory("sentinel-stack-");
      } catch (IOException e) {
        throw new ContainerLaunchException("cannot create a state directory", e);
      }
      this.engine = Engine.fromEnvironment();
      this.docker = EngineClients.of(engine).requests();
      this.target = EngineTarget.on(engine);
      this.spec = uniquelyNamed(resolve(config));
      this.options = ApplyOptions.defaults().withStateDirectory(state).withProfiles(config.profiles)
          .withExtraLabels(config.labels).withServiceTimeout(config.startupTimeout).withApplyTimeout(config.startupTimeout)
          .withListener(event -> {
            log.debug("{}: {}", spec.name(), event);
            // Follow each container from the moment it runs, so a failed start's logs are kept too.
            if (event instanceof ProgressEvent.Started started) {
              follow(started.container());
            }
          });
    }

    void start() {
      log.info("starting stack {} ({})", spec.name(), config.environment.orElse("base"));
      target.apply(spec, options);
      // Containers left running from an earlier start of this instance were not started again.
      target.status(spec.name()).containers().forEach(c -> follow(c.name()));
    }

    void stop(boolean keepVolumes) {
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
      try {
        target.down(spec, keepVolumes ? DownOptions.keepVolumes() : DownOptions.removeVolumesToo(), options);
      } catch (RuntimeException e) {
        log.warn("taking stack {} down failed: {}", spec.name(), e.getMessage());
      } finally {
        engine.close();
        deleteRecursively(state);
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
                config.logConsumers.forEach(consumer -> consumer.accept(container, line));
              });
            }
          }));
    }

    private static StackSpec resolve(Config config) {
      Consumer<StackBuilder> overrides = s -> config.overrides.forEach(o -> o.accept(s));
      StackSpec withOverrides = config.stack.resolve(config.environment, overrides);
      // A fixed container name would collide with the same definition running beside it.
      Consumer<StackBuilder> ownNames = s -> withOverrides.services().values().stream().filter(service -> service.naming().containerName().isPresent())
          .forEach(service -> s.service(service.name(), svc -> svc.reset("container_name")));
      if (config.fixedPorts) {
        return config.stack.resolve(config.environment, overrides.andThen(ownNames));
      }
      // Every fixed host port becomes a random one on loopback, so instances never collide.
      Consumer<StackBuilder> randomPorts = s -> withOverrides.services().values().forEach(service -> {
        List<PortMapping> fixed = service.ports().stream().filter(p -> p.published().isPresent()).toList();
        if (!fixed.isEmpty()) {
          s.service(service.name(), svc -> fixed.forEach(p ->
              svc.removePort(p).port(new PortMapping(PortMapping.DEFAULT_HOST_IP, Optional.empty(), p.target(), p.protocol()))));
        }
      });
      return config.stack.resolve(config.environment, overrides.andThen(ownNames).andThen(randomPorts));
    }

    /**
     * The spec under a name unique to this instance; networks and volumes the stack owns lose a
     * fixed engine name ({@code name:}), which would be shared with every other instance.
     */
    private static StackSpec uniquelyNamed(StackSpec spec) {
      byte[] suffix = new byte[3];
      RANDOM.nextBytes(suffix);
      Map<String, Network> networks = new LinkedHashMap<>();
      spec.networks().forEach((name, n) -> networks.put(name, n.external() ? n
          : n.managed()));
      Map<String, Volume> volumes = new LinkedHashMap<>();
      spec.volumes().forEach((name, v) -> volumes.put(name, v.external() ? v
          : new Volume(v.name(), v.driver(), v.driverOptions(), v.labels(), false, v.backup(), Optional.empty())));
      return new StackSpec(spec.name() + "-" + HexFormat.of().formatHex(suffix), spec.environment(), spec.services(),
          networks, volumes, spec.secrets(), spec.configs());
    }

    private static void deleteRecursively(Path dir) {
      try (var walk = Files.walk(dir)) {
        walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.debug("cannot delete {}", dir, e);
      }
    }
  }
}
