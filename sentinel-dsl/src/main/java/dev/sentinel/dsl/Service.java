package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service of a stack: what runs, how it is wired, limited, hardened and checked. Built by
 * {@link ServiceBuilder}; every collection is immutable and in definition order.
 *
 * <pre>{@code
 * stack.service("api", svc -> svc
 *     .image("shop/api:1.4")
 *     .user(10001, 10001).hardened()
 *     .network("backend")
 *     .port("8080:8080")
 *     .healthCheck(h -> h.httpGet(8080, "/health").every(Duration.ofSeconds(10)))
 *     .restart(RestartPolicy.unlessStopped())
 *     .memoryLimit("512m").cpuLimit("1"));
 * }</pre>
 *
 * @param name the service's name in the stack
 * @param imageSource the image to run, or how the stack builds it
 * @param execution how the main process starts: command, entrypoint, working directory
 * @param environment the containers' environment variables (never secret values)
 * @param labels container labels
 * @param networking networks, network mode, published and exposed ports
 * @param storage volumes, bind mounts, tmpfs, and secrets and configs as files
 * @param lifecycle restart policy, stop signal and grace period, hooks, health check, readiness and dependencies
 * @param resources limits and reservations
 * @param kernel ulimits, sysctls and shared memory size
 * @param security isolation settings
 * @param logging the log driver, when not the engine's default
 * @param deploy replicas, updates, placement
 * @param profiles the profiles that enable the service; empty for always enabled
 * @param naming host name, container name, extra hosts and DNS servers
 * @param hardened whether {@link ServiceBuilder#hardened()} was applied (it then requires a non-root user)
 * @param accepted policy rules this service accepts, by rule id, with the reason (findings are still
 *     reported, as suppressed)
 */
public record Service(
    String name,
    ImageSource imageSource,
    Execution execution,
    Environment environment,
    Map<String, String> labels,
    Networking networking,
    Storage storage,
    Lifecycle lifecycle,
    Resources resources,
    Kernel kernel,
    Security security,
    Optional<Logging> logging,
    Deploy deploy,
    Set<String> profiles,
    Naming naming,
    boolean hardened,
    Map<String, String> accepted) {

  public Service {
    checkNotNull(name, "name");
    checkNotNull(imageSource, "imageSource");
    checkNotNull(execution, "execution");
    checkNotNull(environment, "environment");
    labels = ImmutableMap.copyOf(labels);
    checkNotNull(networking, "networking");
    checkNotNull(storage, "storage");
    checkNotNull(lifecycle, "lifecycle");
    checkNotNull(resources, "resources");
    checkNotNull(kernel, "kernel");
    checkNotNull(security, "security");
    checkNotNull(logging, "logging");
    checkNotNull(deploy, "deploy");
    profiles = ImmutableSet.copyOf(profiles);
    checkNotNull(naming, "naming");
    accepted = ImmutableMap.copyOf(accepted);
  }

  /**
   * The container restart policy on one engine: the {@linkplain Lifecycle#restart() restart policy}, or else what {@code
   * deploy.restart_policy} stands for.
   */
  public Optional<RestartPolicy> effectiveRestart() {
    return lifecycle.restart().isPresent() ? lifecycle.restart() : deploy.restartPolicy().map(DeployRestartPolicy::toContainerPolicy);
  }

  /**
   * The services whose containers start before this one's even without a {@code depends_on} entry:
   * those it links to and those whose volumes it mounts ({@code volumes_from}), as in Compose.
   */
  public java.util.Set<String> implicitDependencies() {
    java.util.Set<String> services = new java.util.LinkedHashSet<>();
    naming.links().forEach(l -> services.add(Naming.linkedService(l)));
    security.volumesFrom().stream().filter(v -> !v.container()).forEach(v -> services.add(v.source()));
    return services;
  }
}
