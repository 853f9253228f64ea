package dev.sentinel.testcontainers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableSet;
import com.google.common.hash.Hashing;
import dev.sentinel.dsl.Readiness;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackBuilder;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.ApplyException;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.ReusedStacks;
import dev.sentinel.runtime.StackStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
  /** The label on everything a {@linkplain #withReuse() reused} stack creates. */
  public static final String REUSE_LABEL = ReusedStacks.LABEL;

  /** Reuse is on unless {@code -Dsentinel.reuse=false} or {@code SENTINEL_REUSE=false}. */
  static boolean reuseAllowed() {
    String value = Optional.ofNullable(System.getProperty("sentinel.reuse")).orElseGet(() -> Optional.ofNullable(System.getenv("SENTINEL_REUSE")).orElse("true"));
    return !value.strip().equalsIgnoreCase("false");
  }

  /** What makes two configurations the same stack: the resolved definition and every option that shapes it. */
  static String definitionKey(StackConfig config) {
    return definitionKey(config, RunningStack.resolve(config));
  }

  static String definitionKey(StackConfig config, StackSpec spec) {
    return Hashing.sha256().hashString(spec + "|" + new java.util.TreeSet<>(config.profiles()) + "|" + new java.util.TreeMap<>(config.labels())
        + "|" + config.fixedPorts() + "|" + config.keepVolumes() + "|" + config.reuse(), StandardCharsets.UTF_8).toString();
  }

  private final StackConfig config;
  private final boolean shared;
  private RunningStack running;

  private SentinelStackContainer(StackConfig config, boolean shared) {
    this.config = config;
    this.shared = shared;
  }

  /** A container for {@code stack}'s base definition, 3 minutes to start, random host ports. */
  public static SentinelStackContainer of(Stack stack) {
    return new SentinelStackContainer(new StackConfig(checkNotNull(stack, "stack"), Optional.empty(), Set.of(), List.of(),
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
   * One more condition for {@code service} to be ready, added to the definition's own ({@link
   * dev.sentinel.dsl.ServiceBuilder#readiness}) for this test: checked by the apply after the
   * service's health check, for every replica; {@code start()} fails naming the condition, what it
   * saw last and the container's last log lines. E.g. {@code withReadiness("api",
   * Readiness.http(8080, "/health"))}. Like any override it is part of the definition that {@link
   * #shared()} and {@link #withReuse()} compare.
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

  private SentinelStackContainer with(Consumer<StackConfig.Draft> change) {
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
    RunningStack starting = new RunningStack(config, config.reuse() && reuseAllowed());
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
        running.stop(config.keepVolumes());
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
    return String.valueOf(RunningStack.resolve(config));
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
   * cleanup task; from a shell: {@code sentinel reused --remove}.
   *
   * @return the names of the stacks removed
   */
  public static Set<String> removeReusedStacks() {
    return removeReusedStacks(name -> true);
  }

  static Set<String> removeReusedStacks(java.util.function.Predicate<String> stackName) {
    try (Engine engine = Engine.fromEnvironment()) {
      return ReusedStacks.remove(engine, stackName).stream().map(ReusedStacks.Found::name)
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** The unique name this instance's stack runs under, e.g. {@code shop-3fa9c2}. */
  public String getStackName() {
    return started().spec.name();
  }

  /**
   * The definition as it was applied: environment, profiles and overrides resolved, under its
   * {@linkplain #getStackName() unique name}; hand it to {@code VolumeBackup} or a report.
   */
  public StackSpec getSpec() {
    return started().spec;
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
    RunningStack r = started();
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

  private RunningStack started() {
    checkState(running != null, "the stack container is not started");
    return running;
  }
}
