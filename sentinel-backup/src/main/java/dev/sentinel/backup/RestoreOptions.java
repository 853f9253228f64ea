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
 */
public record RestoreOptions(boolean overwrite, Map<String, String> renames, Set<String> only, Map<String, String> extraLabels) {
  public RestoreOptions {
    renames = ImmutableMap.copyOf(renames);
    only = ImmutableSet.copyOf(only);
    extraLabels = ImmutableMap.copyOf(extraLabels);
  }

  public static RestoreOptions defaults() {
    return new RestoreOptions(false, Map.of(), Set.of(), Map.of());
  }

  public RestoreOptions withOverwrite() {
    return new RestoreOptions(true, renames, only, extraLabels);
  }

  public RestoreOptions rename(String from, String to) {
    Map<String, String> all = new java.util.LinkedHashMap<>(renames);
    all.put(from, to);
    return new RestoreOptions(overwrite, all, only, extraLabels);
  }

  public RestoreOptions only(Set<String> volumes) {
    return new RestoreOptions(overwrite, renames, volumes, extraLabels);
  }

  public RestoreOptions withExtraLabels(Map<String, String> labels) {
    return new RestoreOptions(overwrite, renames, only, labels);
  }

  /** The volume {@code archived} is restored into. */
  public String target(String archived) {
    return renames.getOrDefault(archived, archived);
  }
}
