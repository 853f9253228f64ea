package dev.sentinel.dsl.internal;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes Compose trees as YAML: block style, two-space indents, multi-line strings as literal
 * blocks, and Compose's merge tags ({@code !override}, {@code !reset}) where an override file needs
 * them.
 */
public final class ComposeYaml {
  /** A value written with a YAML tag, e.g. {@code !override [a, b]}. */
  public record Tagged(String tag, Object value) {}

  private ComposeYaml() {}

  /** {@code tree} as a YAML document. */
  public static String dump(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    options.setProcessComments(false);
    return new Yaml(new ComposeRepresenter(options), options).dump(tree);
  }

  /** Reads a YAML document as plain maps, lists and scalars. */
  public static Object load(String yaml) {
    return new Yaml(new LoaderOptions()).load(yaml);
  }

  private static final class ComposeRepresenter extends Representer {
    ComposeRepresenter(DumperOptions options) {
      super(options);
      this.representers.put(Tagged.class, new RepresentTagged());
      this.representers.put(String.class, new RepresentComposeString());
    }

    private final class RepresentTagged implements Represent {
      @Override
      public Node representData(Object data) {
        Tagged tagged = (Tagged) data;
        Node node = tagged.value() == null ? representScalar(Tag.NULL, "") : ComposeRepresenter.this.represent(tagged.value());
        node.setTag(new Tag(tagged.tag()));
        return node;
      }
    }

    private final class RepresentComposeString extends RepresentString {
      @Override
      public Node representData(Object data) {
        String s = (String) data;
        if (s.indexOf('\n') >= 0 && s.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t') && !s.contains(" \n")) {
          return representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL);
        }
        return super.representData(data);
      }
    }
  }
}
