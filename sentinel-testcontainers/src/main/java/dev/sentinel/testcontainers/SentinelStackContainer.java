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
import com.google.common.collect.Maps;
import com.google.common.hash.Hashing;
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
  /** The label on everything a {@linkplain #withReuse() reused} stack creates. */
  public static final String REUSE_LABEL = "dev.sentinel.reuse";

  /** Reuse is on unless {@code -Dsentinel.reuse=false} or {@code SENTINEL_REUSE=false}. */
  static boolean reuseAllowed() {
    String value = Optional.ofNullable(System.getProperty("sentinel.reuse")).orElseGet(() -> Optional.ofNullable(System.getenv("SENTINEL_REUSE")).orElse("true"));
    return !value.strip().equalsIgnoreCase("false");
  }

  /** What makes two configurations the same stack: the resolved definition and every option that shapes it. */
  private static String definitionKey(Config config) {
    return definitionKey(config, Running.resolve(config));
  }

  private static String definitionKey(Config config, StackSpec spec) {
    return Hashing.sha256().hashString(spec + "|" + new java.util.TreeSet<>(config.profiles) + "|" + new java.util.TreeMap<>(config.labels)
        + "|" + config.fixedPorts + "|" + config.keepVolumes + "|" + config.reuse, StandardCharsets.UTF_8).toString();
  }

  private record Config(Stack stack, Optional<String> environment, Set<String> profiles, List<Consumer<StackBuilder>> overrides,
      Duration startupTimeout, boolean fixedPorts, boolean keepVolumes, List<BiConsumer<String, String>> logConsumers,
      Map<String, String> labels, boolean reuse, Map<String, List<Readiness>> readiness) {
    Config change(Consumer<Draft> change) {
      Draft d = new Draft(this);
      change.accept(d);
      return new Config(stack, d.environment, ImmutableSet.copyOf(d.profiles), ImmutableList.copyOf(d.overrides), d.startupTimeout,
          d.fixedPorts, d.keepVolumes, ImmutableList.copyOf(d.logConsumers), ImmutableMap.copyOf(d.labels), d.reuse,
          ImmutableMap.copyOf(Maps.transformValues(d.readiness, ImmutableList::copyOf)));
    }
  }

  /** A {@link Config} being changed by one {@code with...} method. */
  private static final class Draft {
    Optional<String> environment;
    Set<String> profiles;
    List<Consumer<StackBuilder>> overrides;
    Duration startupTimeout;
    boolean fixedPorts;
    boolean keepVolumes;
    List<BiConsumer<String, String>> logConsumers;
    Map<String, String> labels;
    boolean reuse;
    Map<String, List<Readiness>> readiness;

    Draft(Config c) {
      environment = c.environment;
      profiles = c.profiles;
      overrides = new ArrayList<>(c.overrides);
      startupTimeout = c.startupTimeout;
      fixedPorts = c.fixedPorts;
      keepVolumes = c.keepVolumes;
      logConsumers = new ArrayList<>(c.logConsumers);
      labels = new LinkedHashMap<>(c.labels);
      reuse = c.reuse;
      readiness = new LinkedHashMap<>();
      c.readiness.forEach((service, strategies) -> readiness.put(service, new ArrayList<>(strategies)));
    }
  }

  private final Config config;
  private final boolean shared;
  private Running running;

  private SentinelStackContainer(Config config, boolean shared) {
    this.config = config;
    this.shared = shared;
  }

  /** A container for {@code stack}'s base definition, 3 minutes to start, random host ports. */
  public static SentinelStackContainer of(Stack stack) {
    return new SentinelStackContainer(new Config(checkNotNull(stack, "stack"), Optional.empty(), Set.of(), List.of(),
        Duration.ofMinutes(3), false, false, List.of(), Map.of(), false, Map.of()), false);
  }

  /** Resolves this environment of the stack instead of its base. */
  public SentinelStackContainer withEnvironment(String environment) {
    checkNotNull(environment, "environment");
    return with(d -> d.environment = Optional.of(environment));
  }

  /** Activates these profiles. */
  public SentinelStackContainer withProfiles(String... profiles) {
    return with(d -> d.profiles = ImmutableSet.copyOf(profiles));
  }

  /** One more overlay for this test, e.g. {@code s -> s.service("api", a -> a.image("api:test").port("8080"))}. */
  public SentinelStackContainer withOverride(Consumer<StackBuilder> override) {
    checkNotNull(override, "override");
    return with(d -> d.overrides.add(override));
  }

  /** How long the stack may take to become ready. */
  public SentinelStackContainer withStartupTimeout(Duration timeout) {
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "the startup timeout must be positive");
    return with(d -> d.startupTimeout = timeout);
  }

  /** Keeps the host ports the definition declares (two instances of the stack then collide). */
  public SentinelStackContainer withFixedPorts() {
    return with(d -> d.fixedPorts = true);
  }

  /** Keeps the stack's volumes when stopped (they are removed by default). */
  public SentinelStackContainer withVolumesKept() {
    return with(d -> d.keepVolumes = true);
  }

  /** Receives every log line of every container as {@code (containerName, line)}, from start to stop. */
  public SentinelStackContainer withLogConsumer(BiConsumer<String, String> consumer) {
    checkNotNull(consumer, "consumer");
    return with(d -> d.logConsumers.add(consumer));
  }

  /** Sends every log line to SLF4J, logger {@code dev.sentinel.stack.<service>}, at INFO. */
  public SentinelStackContainer withLogsToSlf4j() {
    return withLogConsumer((container, line) -> LoggerFactory.getLogger("dev.sentinel.stack." + container).info("{}", line));
  }

  /** A label on every object the stack creates. */
  public SentinelStackContainer withLabel(String key, String value) {
    checkNotNull(key, "key");
    checkNotNull(value, "value");
    return with(d -> d.labels.put(key, value));
  }

  /**
   * One more condition for {@code service} to be ready, checked after the stack's own health checks
   * pass, for every replica; {@code start()} fails naming the strategy, what it saw last and the
   * container's last log lines. E.g. {@code withReadiness("api", Readiness.http(8080, "/health"))}.
   * Readiness does not change the stack, so it is not part of what {@link #shared()} and {@link
   * #withReuse()} compare.
   */
  public SentinelStackContainer withReadiness(String service, Readiness readiness) {
    checkNotNull(service, "service");
    checkNotNull(readiness, "readiness");
    return with(d -> d.readiness.computeIfAbsent(service, s -> new ArrayList<>()).add(readiness));
  }

  /**
   * Keeps the stack running when stopped and attaches to it on the next start of the same
   * definition, in this JVM or a later one: the stack's name carries a hash of the resolved
   * definition, so a changed definition gets a stack of its own and is never attached to one that
   * is not what the test defined. Starting a reused stack applies it as {@code sentinel up} does:
   * nothing is touched when it already matches (an image rebuilt under the same tag recreates its
   * service). Reused stacks carry the label {@value #REUSE_LABEL}; {@link #removeReusedStacks()}
   * removes them. {@code -Dsentinel.reuse=false} or {@code SENTINEL_REUSE=false} turns reuse off
   * everywhere (e.g. on CI), and such instances are then fresh and removed when stopped.
   */
  public SentinelStackContainer withReuse() {
    return with(d -> d.reuse = true);
  }

  private SentinelStackContainer with(Consumer<Draft> change) {
    checkState(running == null, "configure a stack container before starting it");
    checkState(!shared, "a shared stack is configured before it is shared");
    return new SentinelStackContainer(config.change(change), false);
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
    Running starting = new Running(config, config.reuse && reuseAllowed());
    try {
      starting.start();
      running = starting;
    } catch (RuntimeException e) {
      starting.stop(false);
      if (e instanceof ApplyException apply) {
        throw new ContainerLaunchException("stack \"" + starting.spec.name() + "\" did not start:\n" + apply.getMessage(), apply);
      }
      throw new ContainerLaunchException("stack \"" + starting.spec.name() + "\" did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Removes every container, network and (unless kept) volume of this instance. Idempotent. A
   * reused stack is left running (only this instance's log followers end); a {@linkplain #shared()
   * shared} one is stopped when the JVM exits, not here.
   */
  @Override
  public synchronized void stop() {
    if (shared) {
      return;
    }
    stopNow();
  }

  private synchronized void stopNow() {
    if (running != null) {
      if (running.reused) {
        running.detach();
      } else {
        running.stop(config.keepVolumes);
      }
      running = null;
    }
  }

  /**
   * This stack, started once for every caller in this JVM that shares the same definition (stack,
   * environment, profiles, overrides as resolved, labels and options), e.g. one per test class:
   * <pre>{@code
   * static final SentinelStackContainer shop = SentinelStackContainer.of(ShopStack.define()).shared();
   * }</pre>
   * It is started by the first call and stopped when the JVM exits (left running when {@linkplain
   * #withReuse() reused}); its {@link #stop()} does nothing, so it may also be a {@code @Container}.
   * Log consumers of later callers are not added: the first caller's instance is the one shared.
   *
   * @throws ContainerLaunchException when the first start fails (a later call tries again)
   */
  public SentinelStackContainer shared() {
    checkState(running == null, "share a stack container before starting it");
    if (shared) {
      return this;
    }
    return SharedStacks.get(definitionKey(config), () -> new SentinelStackContainer(config, true), SentinelStackContainer::stopNow);
  }

  /** The key {@link #shared()} and reuse name stacks by; package-private for tests. */
  String definitionKey() {
    return definitionKey(config);
  }

  /** The text the definition key hashes; package-private for tests. */
  String definitionText() {
    return String.valueOf(Running.resolve(config));
  }

  /** Whether this is the JVM's {@linkplain #shared() shared} instance of its definition. */
  public boolean isShared() {
    return shared;
  }

  /** Whether this instance attached to, or left behind, a {@linkplain #withReuse() reused} stack. */
  public boolean isReused() {
    return started().reused;
  }

  /**
   * Removes every stack that {@linkplain #withReuse() reuse} left on the engine (containers,
   * networks, volumes labelled {@value #REUSE_LABEL}), e.g. at the end of a CI job or from a
   * cleanup task.
   *
   * @return the names of the stacks removed
   */
  public static Set<String> removeReusedStacks() {
    return removeReusedStacks(name -> true);
  }

  static Set<String> removeReusedStacks(java.util.function.Predicate<String> stackName) {
    try (Engine engine = Engine.fromEnvironment()) {
      Set<String> removed = ReusedStacks.remove(EngineClients.of(engine).requests(), stackName);
      removed.forEach(name -> Running.deleteRecursively(Running.reuseStateDirectory(name)));
      return removed;
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
    final boolean reused;

    Running(Config config, boolean reused) {
      this.config = config;
      this.reused = reused;
      StackSpec resolved = resolve(config);
      // A reused stack's name says which definition it runs, so another definition never attaches
      // to it; its state (generated secrets among it) must outlive this JVM for the same reason.
      this.spec = uniquelyNamed(resolved, reused ? "r" + definitionKey(config, resolved).substring(0, 10) : randomSuffix());
      try {
        this.state = reused ? Files.createDirectories(reuseStateDirectory(spec.name()))
            : Files.createTempDirectory("sentinel-stack-");
      } catch (IOException e) {
        throw new ContainerLaunchException("cannot create a state directory", e);
      }
      this.engine = Engine.fromEnvironment();
      this.docker = EngineClients.of(engine).requests();
      this.target = EngineTarget.on(engine);
      Map<String, String> labels = new LinkedHashMap<>(config.labels);
      if (reused) {
        labels.put(REUSE_LABEL, "true");
      }
      this.options = ApplyOptions.defaults().withStateDirectory(state).withProfiles(config.profiles)
          .withExtraLabels(labels).withServiceTimeout(config.startupTimeout).withApplyTimeout(config.startupTimeout)
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
      StackStatus status = target.status(spec.name());
      status.containers().forEach(c -> follow(c.name()));
      awaitReadiness(status);
    }

    private void awaitReadiness(StackStatus status) {
      config.readiness.forEach((service, strategies) -> {
        checkArgument(spec.services().containsKey(service), "withReadiness: the stack has no service \"%s\" (services: %s)", service,
            String.join(", ", spec.services().keySet()));
        for (ContainerStatus c : status.containers(service)) {
          ServiceContainer container = new ServiceContainer(docker, service, c.replica(), c.id(), c.name(), logs);
          for (Readiness readiness : strategies) {
            try {
              ReadinessWait.await(container, readiness, config.startupTimeout);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("interrupted while waiting for service \"" + service + "\" to be ready", e);
            }
          }
        }
      });
    }

    /** Ends this instance's hold on a reused stack, which keeps running. */
    void detach() {
      closeFollowers();
      engine.close();
      log.info("left stack {} running for reuse (remove with SentinelStackContainer.removeReusedStacks())", spec.name());
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
                config.logConsumers.forEach(consumer -> consumer.accept(container, line));
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

    static StackSpec resolve(Config config) {
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
    static Path reuseStateDirectory(String stack) {
      return Path.of(System.getProperty("java.io.tmpdir"), "sentinel-reuse", stack);
    }

    private static String randomSuffix() {
      byte[] suffix = new byte[3];
      RANDOM.nextBytes(suffix);
      return HexFormat.of().formatHex(suffix);
    }

    private static StackSpec uniquelyNamed(StackSpec spec, String suffix) {
      Map<String, Network> networks = new LinkedHashMap<>();
      spec.networks().forEach((name, n) -> networks.put(name, n.external() ? n
          : n.managed()));
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
}
