package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ResourceSpecs;
import java.util.List;
import java.util.Map;

/**
 * Fields of the Swarm API (1.40/1.41) that docker-java's Swarm model lacks: capabilities, ulimits
 * and sysctls of a task's container, and its pids limit. The subclasses add them as Jackson
 * properties, so docker-java's own serialisation sends them with the service spec.
 */
final class SwarmModelExtensions {
  private SwarmModelExtensions() {}

  /** A container spec with {@code CapabilityAdd}, {@code CapabilityDrop}, {@code Ulimits} and {@code Sysctls}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class HardenedContainerSpec extends com.github.dockerjava.api.model.ContainerSpec {
    private static final long serialVersionUID = 1L;

    @JsonProperty("CapabilityAdd")
    List<String> capabilityAdd;

    @JsonProperty("CapabilityDrop")
    List<String> capabilityDrop;

    @JsonProperty("Ulimits")
    List<Map<String, Object>> ulimits;

    @JsonProperty("Sysctls")
    Map<String, String> sysctls;
  }

  /** A task's placement with {@code Preferences} (spread over a node label), which docker-java's model lacks. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class PlacementWithPreferences extends com.github.dockerjava.api.model.ServicePlacement {
    private static final long serialVersionUID = 1L;

    @JsonProperty("Preferences")
    List<Map<String, Map<String, String>>> preferences;
  }

  /** Resource limits with {@code Pids}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class LimitsWithPids extends ResourceSpecs {
    private static final long serialVersionUID = 1L;

    @JsonProperty("Pids")
    Long pids;
  }
}
