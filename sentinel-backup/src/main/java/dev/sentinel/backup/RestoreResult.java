package dev.sentinel.backup;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A finished restore.
 *
 * @param manifest the archive's manifest
 * @param restored the volumes written, by their (possibly renamed) engine names
 * @param created the volumes that did not exist and were created
 * @param held the containers stopped while their volumes were restored, and for how long
 * @param writtenOnHost the created volumes written straight into their directory on this host; the
 *     others went through the engine's archive endpoint
 */
public record RestoreResult(Manifest manifest, List<String> restored, List<String> created, List<StoppedContainer> held,
    List<String> writtenOnHost) {
  public RestoreResult {
    checkNotNull(manifest, "manifest");
    restored = ImmutableList.copyOf(restored);
    created = ImmutableList.copyOf(created);
    held = ImmutableList.copyOf(held);
    writtenOnHost = ImmutableList.copyOf(writtenOnHost);
  }

  /** As before host writes existed: none. */
  public RestoreResult(Manifest manifest, List<String> restored, List<String> created, List<StoppedContainer> held) {
    this(manifest, restored, created, held, List.of());
  }
}
