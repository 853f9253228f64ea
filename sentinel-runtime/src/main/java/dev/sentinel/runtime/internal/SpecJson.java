package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** Canonical JSON of a {@link ContainerSpec} (sorted keys), its hash, and field-level diffs. */
public final class SpecJson {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private SpecJson() {}

  public static String canonical(ContainerSpec spec) {
    try {
      // Through a map: every key sorted, including those of unwrapped sections, which
      // SORT_PROPERTIES_ALPHABETICALLY would place where the section's component sorts.
      return CANONICAL.writeValueAsString(CANONICAL.convertValue(spec, TreeMap.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a container spec", e);
    }
  }

  /** SHA-256 of the canonical JSON, hex. */
  public static String hash(String canonicalJson) {
    return Hashing.sha256().hashString(canonicalJson, StandardCharsets.UTF_8).toString();
  }

  /** The top-level fields whose values differ between two canonical JSON specs, sorted. */
  public static List<String> changedFields(String before, String after) {
    try {
      JsonNode a = CANONICAL.readTree(before);
      JsonNode b = CANONICAL.readTree(after);
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      List<String> changed = new ArrayList<>();
      for (String name : names) {
        if (!a.path(name).equals(b.path(name))) {
          changed.add(name);
        }
      }
      return changed;
    } catch (JsonProcessingException e) {
      return List.of("(unreadable previous spec)");
    }
  }

}
