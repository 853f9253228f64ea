package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.sentinel.dsl.secret.FileSecretStore;
import dev.sentinel.dsl.secret.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How a stack is planned and applied. Immutable; each {@code with...} returns a changed copy.
 *
 * <pre>{@code
 * ApplyOptions options = ApplyOptions.defaults()
 *     .withProfiles(Set.of("dashboards"))
 *     .withServiceTimeout(Duration.ofMinutes(2))
 *     .withListener(event -> log.info("{}", event));
 * }</pre>
 *
 * @param profiles the active profiles; services with other profiles are not applied
 * @param secretStore where secret values come from
 * @param stateDirectory where Sentinel keeps materialised secret and config files, and the audit log
 * @param hostEnvironment the deploying host's variables, read by {@code envFromHost}
 * @param extraLabels labels added to every object created (tests use them to find what they made)
 * @param serviceTimeout how long one service may take to become ready
 * @param applyTimeout how long the whole apply may take
 * @param parallelism how many services are handled at once; of those, no more containers are
 *     created and started at once than the engine has CPUs (at least 2), the services others wait
 *     on first
 * @param pruneOrphans whether networks and volumes of the stack that are no longer defined are removed (orphan containers always are)
 * @param listener receives progress events
 * @param auditLog the JSON-lines audit file every apply and down appends to
 * @param rollback whether a service whose recreated containers do not become ready is returned to
 *     the containers it had before (kept aside until the new ones are ready)
 * @param engineHealthOnly whether a dependent waiting for a service to be healthy waits for the
 *     engine's own {@code healthy} status only, instead of also starting when Sentinel's run of the
 *     service's health test passes first (see {@link #withEngineHealthOnly})
 */
public record ApplyOptions(
    Set<String> profiles,
    SecretStore secretStore,
    Path stateDirectory,
    Map<String, String> hostEnvironment,
    Map<String, String> extraLabels,
    Duration serviceTimeout,
    Duration applyTimeout,
    int parallelism,
    boolean pruneOrphans,
    ProgressListener listener,
    Path auditLog,
    boolean rollback,
    boolean engineHealthOnly) {

  public ApplyOptions {
    profiles = ImmutableSet.copyOf(profiles);
    checkNotNull(secretStore, "secretStore");
    checkNotNull(stateDirectory, "stateDirectory");
    hostEnvironment = ImmutableMap.copyOf(hostEnvironment);
    extraLabels = ImmutableMap.copyOf(extraLabels);
    checkArgument(!serviceTimeout.isNegative() && !serviceTimeout.isZero(), "serviceTimeout must be positive");
    checkArgument(!applyTimeout.isNegative() && !applyTimeout.isZero(), "applyTimeout must be positive");
    checkArgument(parallelism >= 1, "parallelism must be at least 1, got %s", parallelism);
    checkNotNull(listener, "listener");
    checkNotNull(auditLog, "auditLog");
  }

  /** The options as they were before {@code engineHealthOnly} existed: dependents also start on Sentinel's own health probe. */
  public ApplyOptions(Set<String> profiles, SecretStore secretStore, Path stateDirectory, Map<String, String> hostEnvironment,
      Map<String, String> extraLabels, Duration serviceTimeout, Duration applyTimeout, int parallelism, boolean pruneOrphans,
      ProgressListener listener, Path auditLog, boolean rollback) {
    this(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans,
        listener, auditLog, rollback, false);
  }

  /** The options as they were before {@code rollback} existed: with rollback. */
  public ApplyOptions(Set<String> profiles, SecretStore secretStore, Path stateDirectory, Map<String, String> hostEnvironment,
      Map<String, String> extraLabels, Duration serviceTimeout, Duration applyTimeout, int parallelism, boolean pruneOrphans,
      ProgressListener listener, Path auditLog) {
    this(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans,
        listener, auditLog, true, false);
  }

  /**
   * No profiles, secrets under {@code .sentinel/secrets}, state under {@code .sentinel}, the
   * process environment, 2 minutes per service, 10 per apply, 4 services at once, audit log {@code
   * .sentinel/audit.log}, rollback on, dependents start on the first passing health test.
   */
  public static ApplyOptions defaults() {
    Path state = Path.of(".sentinel").toAbsolutePath();
    return new ApplyOptions(Set.of(), FileSecretStore.at(state.resolve("secrets")), state, System.getenv(), Map.of(),
        Duration.ofMinutes(2), Duration.ofMinutes(10), 4, false, ProgressListener.NONE, state.resolve("audit.log"), true, false);
  }

  public ApplyOptions withProfiles(Set<String> profiles) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withSecretStore(SecretStore secretStore) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  /** Keeps state, secrets and the audit log under {@code directory}. */
  public ApplyOptions withStateDirectory(Path directory) {
    Path dir = directory.toAbsolutePath();
    return new ApplyOptions(profiles, FileSecretStore.at(dir.resolve("secrets")), dir, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, dir.resolve("audit.log"), rollback, engineHealthOnly);
  }

  public ApplyOptions withHostEnvironment(Map<String, String> hostEnvironment) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withExtraLabels(Map<String, String> extraLabels) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withServiceTimeout(Duration serviceTimeout) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withApplyTimeout(Duration applyTimeout) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withParallelism(int parallelism) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withPruneOrphans(boolean prune) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, prune, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withListener(ProgressListener listener) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  public ApplyOptions withAuditLog(Path auditLog) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  /**
   * Whether a service whose recreated containers fail to become ready goes back to its previous
   * containers (default) or, with {@code false}, keeps the failing ones for inspection (Compose's
   * behaviour).
   */
  public ApplyOptions withRollback(boolean rollback) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }

  /**
   * With {@code true}, a dependent waiting for a service to be healthy starts only once the engine
   * reports the service {@code healthy}: strict, and one health-check interval or more per tier on
   * engines that run the first check one interval after the start. With {@code false} (default), it
   * also starts as soon as Sentinel's own run of the service's health test in the container passes.
   * Either way failures come from the engine and the apply ends on the engine's {@code healthy}.
   */
  public ApplyOptions withEngineHealthOnly(boolean engineHealthOnly) {
    return new ApplyOptions(profiles, secretStore, stateDirectory, hostEnvironment, extraLabels, serviceTimeout, applyTimeout, parallelism, pruneOrphans, listener, auditLog, rollback, engineHealthOnly);
  }
}
