package dev.sentinel.compose;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A Compose file's YAML tree as the importer reads it: every node knows the file and line it came
 * from (for error messages), its explicit tag ({@code !reset}, {@code !override}) and the comments
 * written before it. Anchors and merge keys are already resolved; scalars are kept as written
 * (strings), because Compose interpolates before it converts types.
 */
sealed interface ComposeNode permits ComposeNode.Scalar, ComposeNode.Sequence, ComposeNode.Mapping {
  Location location();

  /** An explicit local tag such as {@code !reset}; empty for ordinary nodes. */
  Optional<String> tag();

  /** A node's kind for messages: "a string", "a list", "a mapping". */
  String kind();

  /** Where a node was written. */
  record Location(String file, int line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /**
   * A scalar. {@code isNull} for an empty value or {@code null}/{@code ~}; {@code plain} when written
   * without quotes (only then can it be a YAML number or boolean); {@code written} is the text
   * before interpolation.
   */
  record Scalar(String text, String written, boolean isNull, boolean plain, Location location, Optional<String> tag)
      implements ComposeNode {
    public Scalar {
      checkNotNull(text, "text");
      checkNotNull(written, "written");
      checkNotNull(location, "location");
      checkNotNull(tag, "tag");
    }

    Scalar interpolated(String newText) {
      return new Scalar(newText, written, false, plain, location, tag);
    }

    /** Interpolated, and no longer read as the reference it was written as (a project's own value). */
    Scalar resolved(String newText) {
      return new Scalar(newText, newText, false, plain, location, tag);
    }

    @Override
    public String kind() {
      return isNull ? "null" : "a scalar";
    }
  }

  /** A sequence. */
  record Sequence(List<ComposeNode> items, Location location, Optional<String> tag) implements ComposeNode {
    public Sequence {
      items = ImmutableList.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A mapping with string keys, in file order.
   *
   * @param comments the comments written above each key (and after its value on the same line)
   */
  record Mapping(Map<String, ComposeNode> entries, Map<String, List<String>> comments, Location location, Optional<String> tag)
      implements ComposeNode {
    public Mapping {
      entries = ImmutableMap.copyOf(entries);
      comments = ImmutableMap.copyOf(comments);
    }

    Optional<ComposeNode> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    List<String> commentsOf(String key) {
      return comments.getOrDefault(key, List.of());
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /**
   * This node with {@code transform} applied to every non-null scalar beneath it (keys excepted);
   * the transform also gets the scalar's Compose path, e.g. {@code services.web.image}.
   */
  static ComposeNode mapScalars(ComposeNode node, String path, BiFunction<String, Scalar, Scalar> transform) {
    if (node instanceof Scalar s) {
      return s.isNull() ? s : transform.apply(path, s);
    }
    if (node instanceof Sequence seq) {
      List<ComposeNode> items = new ArrayList<>();
      for (int i = 0; i < seq.items().size(); i++) {
        items.add(mapScalars(seq.items().get(i), path + "[" + i + "]", transform));
      }
      return new Sequence(items, seq.location(), seq.tag());
    }
    Mapping m = (Mapping) node;
    Map<String, ComposeNode> entries = new LinkedHashMap<>();
    m.entries().forEach((k, v) -> entries.put(k, mapScalars(v, path.isEmpty() ? k : path + "." + k, transform)));
    return new Mapping(entries, m.comments(), m.location(), m.tag());
  }
}
