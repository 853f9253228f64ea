package dev.sentinel.backup;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Set;

/**
 * How an archive is restored.
 *
 * <pre>{@code
 * RestoreOptions.defaults().withOverwrite().rename("shop_db-data", "shop_db-data-restored");
 * }</pre>
 *
 * @param overwrite whether a non-empty volume is emptied and restored (otherwise it is refused)
 * @param renames restore volume {@code key} into volume {@code value}
 * @param only restore only these volumes (by their name in the archive); empty for all
 * @param extraLabels labels for the helper containers and created volumes (tests use them)
 * @param hostWrites whether a restore whose volumes are all new may verify and write the archive
 *     in one pass straight into directories on this host, when the engine runs here and this
 *     process is root (see docs/backup.md); otherwise, and for volumes that exist, the engine's
 *     archive endpoint writes
 */
public record RestoreOptions(boolean overwrite, Map<String, String> renames, Set<String> only, Map<String, String> extraLabels,
    boolean hostWrites) {
  public RestoreOptions {
    renames = ImmutableMap.copyOf(renames);
    only = ImmutableSet.copyOf(only);
    extraLabels = ImmutableMap.copyOf(extraLabels);
  }

  /** As before host writes existed: they are on. */
  public RestoreOptions(boolean overwrite, Map<String, String> renames, Set<String> only, Map<String, String> extraLabels) {
    this(overwrite, renames, only, extraLabels, true);
  }

  public static RestoreOptions defaults() {
    return new RestoreOptions(false, Map.of(), Set.of(), Map.of(), true);
  }

  public RestoreOptions withOverwrite() {
    return new RestoreOptions(true, renames, only, extraLabels, hostWrites);
  }

  public RestoreOptions rename(String from, String to) {
    Map<String, String> all = new java.util.LinkedHashMap<>(renames);
    all.put(from, to);
    return new RestoreOptions(overwrite, all, only, extraLabels, hostWrites);
  }

  public RestoreOptions only(Set<String> volumes) {
    return new RestoreOptions(overwrite, renames, volumes, extraLabels, hostWrites);
  }

  public RestoreOptions withExtraLabels(Map<String, String> labels) {
    return new RestoreOptions(overwrite, renames, only, labels, hostWrites);
  }

  /** Every volume through the engine's archive endpoint, even one the restore creates on an engine of this host. */
  public RestoreOptions withoutHostWrites() {
    return new RestoreOptions(overwrite, renames, only, extraLabels, false);
  }

  /** The volume {@code archived} is restored into. */
  public String target(String archived) {
    return renames.getOrDefault(archived, archived);
  }
}
