package dev.sentinel.report;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.sentinel.backup.LastBackup;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Volume;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.HealthProbe;
import dev.sentinel.runtime.ResourceUsage;
import dev.sentinel.runtime.StackStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a report shows, read at one moment: the definition, each container's state, its health
 * checks, its CPU and memory use, the last backup of each volume, and the lint findings.
 *
 * <pre>{@code
 * StackSnapshot now = StackSnapshot.collect(EngineTarget.on(engine), spec, Path.of("backups"), Policy.defaults());
 * Files.writeString(Path.of("report.html"), HtmlReport.render(List.of(now)));
 * }</pre>
 *
 * @param spec the resolved definition
 * @param at when it was read
 * @param status every container of the stack
 * @param health the health checks the engine kept, by container name
 * @param usage CPU and memory per container, against the service's limits
 * @param backups the newest archive per volume; volumes without one are missing
 * @param lint the definition linted against the policy
 */
public record StackSnapshot(StackSpec spec, Instant at, StackStatus status, Map<String, List<HealthProbe>> health,
    List<ResourceUsage> usage, List<LastBackup> backups, PolicyReport lint) {
  public StackSnapshot {
    checkNotNull(spec, "spec");
    checkNotNull(at, "at");
    checkNotNull(status, "status");
    health = ImmutableMap.copyOf(health);
    usage = ImmutableList.copyOf(usage);
    backups = ImmutableList.copyOf(backups);
    checkNotNull(lint, "lint");
  }

  /**
   * Reads everything from the engine behind {@code target} and from the archives in {@code
   * backups} (which need not exist: then no volume has a backup).
   */
  public static StackSnapshot collect(EngineTarget target, StackSpec spec, Path backups, Policy policy) {
    StackStatus status = target.status(spec.name());
    Map<String, List<HealthProbe>> health = target.healthHistory(spec.name());
    List<ResourceUsage> usage = target.resources(spec);
    List<String> volumes = ownVolumes(spec);
    List<LastBackup> last;
    try {
      last = Files.isDirectory(backups) ? VolumeBackup.lastBackups(spec.name(), backups, volumes) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the backups in " + backups, e);
    }
    return new StackSnapshot(spec, status.at(), status, health, usage, last, Linter.lint(spec, policy));
  }

  /** The stack's own volumes (not external ones) by engine name, to show those without a backup too. */
  static List<String> ownVolumes(StackSpec spec) {
    return spec.volumes().values().stream().filter(v -> !v.external()).map((Volume v) -> v.engineName(spec.name())).toList();
  }
}
