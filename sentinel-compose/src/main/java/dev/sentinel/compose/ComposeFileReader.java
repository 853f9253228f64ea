package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Location;
import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Scalar;
import dev.sentinel.compose.ComposeNode.Sequence;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one Compose file into a {@link ComposeNode} tree: anchors and aliases resolved, merge keys
 * ({@code <<: *base}) applied with YAML's rule (keys written in the mapping win, then earlier merged
 * mappings), duplicate keys refused, comments kept when SnakeYAML can attach them.
 */
final class ComposeFileReader {
  /** Deeper than any real Compose file; stops alias bombs and self-referencing anchors. */
  private static final int MAX_DEPTH = 64;

  private final String displayName;
  private final Map<Node, ComposeNode> converted = new IdentityHashMap<>();

  private ComposeFileReader(String displayName) {
    this.displayName = displayName;
  }

  /**
   * The file's top-level mapping.
   *
   * @throws ComposeImportException when the file cannot be read, is not YAML or not a mapping
   */
  static Mapping read(Path file, String displayName) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw fail(displayName, 0, "cannot be read: " + e);
    }
    Node root;
    try {
      root = compose(text, true);
    } catch (YAMLException withComments) {
      // SnakeYAML's comment support fails on a few valid layouts; the file is still fine without comments.
      try {
        root = compose(text, false);
      } catch (MarkedYAMLException e) {
        throw fail(displayName, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
            "is not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
      } catch (YAMLException e) {
        throw fail(displayName, 0, "is not valid YAML: " + e.getMessage());
      }
    }
    if (root == null) {
      throw fail(displayName, 0, "is empty");
    }
    ComposeNode node = new ComposeFileReader(displayName).convert(root, 0);
    if (!(node instanceof Mapping m)) {
      throw fail(displayName, node.location().line(), "is not a Compose file: its top level is " + node.kind() + ", not a mapping");
    }
    return m;
  }

  private static Node compose(String text, boolean comments) {
    LoaderOptions options = new LoaderOptions();
    options.setProcessComments(comments);
    options.setMaxAliasesForCollections(200);
    try (Reader reader = new StringReader(text)) {
      return new Yaml(options).compose(reader);
    } catch (IOException e) {
      throw new YAMLException(e);
    }
  }

  private static ComposeImportException fail(String file, int line, String message) {
    return new ComposeImportException(List.of(new ImportNote(ImportNote.Level.ERROR, file, line, "", message)));
  }

  private ComposeNode convert(Node node, int depth) {
    Location at = new Location(displayName, node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1);
    if (depth > MAX_DEPTH) {
      throw fail(displayName, at.line(), "nests deeper than " + MAX_DEPTH + " levels (a self-referencing anchor?)");
    }
    ComposeNode done = converted.get(node);
    if (done != null) {
      return done;
    }
    Optional<String> tag = explicitTag(node.getTag());
    ComposeNode result;
    if (node instanceof ScalarNode s) {
      boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
      boolean isNull = plain && s.getTag().equals(Tag.NULL);
      String text = isNull ? "" : s.getValue();
      result = new Scalar(text, text, isNull, plain, at, tag);
    } else if (node instanceof SequenceNode seq) {
      List<ComposeNode> items = new ArrayList<>();
      seq.getValue().forEach(item -> items.add(convert(item, depth + 1)));
      result = new Sequence(items, at, tag);
    } else {
      result = mapping((MappingNode) node, at, tag, depth);
    }
    converted.put(node, result);
    return result;
  }

  private Mapping mapping(MappingNode node, Location at, Optional<String> tag, int depth) {
    Map<String, ComposeNode> entries = new LinkedHashMap<>();
    Map<String, List<String>> comments = new LinkedHashMap<>();
    List<Mapping> merged = new ArrayList<>();
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      if (!(key instanceof ScalarNode keyScalar)) {
        throw fail(displayName, key.getStartMark().getLine() + 1, "has a key that is " + convert(key, depth + 1).kind() + "; Compose keys are strings");
      }
      ComposeNode value = convert(tuple.getValueNode(), depth + 1);
      if (key.getTag().equals(Tag.MERGE)) {
        merged.addAll(mergeSources(value));
        continue;
      }
      String name = keyScalar.getValue();
      if (entries.containsKey(name)) {
        throw fail(displayName, key.getStartMark().getLine() + 1, "has the key \"" + name + "\" twice in one mapping");
      }
      entries.put(name, value);
      List<String> text = commentText(key.getBlockComments());
      text.addAll(commentText(tuple.getValueNode().getInLineComments()));
      text.addAll(commentText(key.getInLineComments()));
      if (!text.isEmpty()) {
        comments.put(name, text);
      }
    }
    // YAML's merge key: keys written here win, then the merged mappings in the order listed.
    for (Mapping source : merged) {
      source.entries().forEach((k, v) -> {
        if (!entries.containsKey(k)) {
          entries.put(k, v);
          if (!source.commentsOf(k).isEmpty()) {
            comments.put(k, source.commentsOf(k));
          }
        }
      });
    }
    return new Mapping(entries, comments, at, tag);
  }

  private List<Mapping> mergeSources(ComposeNode value) {
    if (value instanceof Mapping m) {
      return List.of(m);
    }
    if (value instanceof Sequence seq && seq.items().stream().allMatch(i -> i instanceof Mapping)) {
      return seq.items().stream().map(i -> (Mapping) i).toList();
    }
    throw fail(displayName, value.location().line(), "merges (<<) " + value.kind() + "; a merge key takes a mapping or a list of mappings");
  }

  private static List<String> commentText(List<CommentLine> lines) {
    List<String> text = new ArrayList<>();
    if (lines != null) {
      for (CommentLine line : lines) {
        if (line.getCommentType() != org.yaml.snakeyaml.comments.CommentType.BLANK_LINE) {
          text.add(line.getValue().strip());
        }
      }
    }
    return text;
  }

  private static Optional<String> explicitTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith("!") ? Optional.of(value) : Optional.empty();
  }
}
