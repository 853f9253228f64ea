package dev.sentinel.compose;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes Compose trees as YAML: block style, two-space indents, multi-line strings as literal
 * blocks, and Compose's merge tags ({@code !override}, {@code !reset}) where an override file needs
 * them. Trees go straight to snakeyaml's emitter as events: its object representer tracks every
 * node for anchors, which made large stacks slow to write.
 */
final class ComposeYaml {
  /** A value written with a YAML tag, e.g. {@code !override [a, b]}; a null value writes {@code !reset ''}. */
  record Tagged(String tag, Object value) {}

  private static final Resolver RESOLVER = new Resolver();
  private static final String IMPLICIT_TYPE_STARTS = "yYnNtTfFoO~+-.0123456789<=";
  private static final ImplicitTuple PLAIN = new ImplicitTuple(true, false);
  private static final ImplicitTuple QUOTED = new ImplicitTuple(false, true);
  private static final ImplicitTuple EXPLICIT = new ImplicitTuple(false, false);

  private ComposeYaml() {}

  /** {@code tree} (maps, iterables, strings, numbers, booleans, nulls and {@link Tagged}) as a YAML document. */
  static String dump(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    StringWriter out = new StringWriter();
    Emitter emitter = new Emitter(out, options);
    try {
      emitter.emit(new StreamStartEvent(null, null));
      emitter.emit(new DocumentStartEvent(null, null, false, null, null));
      emit(emitter, tree, null);
      emitter.emit(new DocumentEndEvent(null, null, false));
      emitter.emit(new StreamEndEvent(null, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void emit(Emitter emitter, Object value, String tag) throws IOException {
    if (value instanceof Tagged tagged) {
      emit(emitter, tagged.value() == null ? "" : tagged.value(), tagged.tag());
    } else if (value instanceof Map<?, ?> map) {
      emitter.emit(new MappingStartEvent(null, tag, tag == null, null, null, DumperOptions.FlowStyle.BLOCK));
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        emit(emitter, entry.getKey().toString(), null);
        emit(emitter, entry.getValue(), null);
      }
      emitter.emit(new MappingEndEvent(null, null));
    } else if (value instanceof Iterable<?> list) {
      emitter.emit(new SequenceStartEvent(null, tag, tag == null, null, null, DumperOptions.FlowStyle.BLOCK));
      for (Object item : list) {
        emit(emitter, item, null);
      }
      emitter.emit(new SequenceEndEvent(null, null));
    } else if (value instanceof String s) {
      scalar(emitter, tag, s, true);
    } else if (value == null) {
      scalar(emitter, tag, "null", false);
    } else if (value instanceof Number || value instanceof Boolean) {
      scalar(emitter, tag, value.toString(), false);
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as YAML");
    }
  }

  private static void scalar(Emitter emitter, String tag, String value, boolean isString) throws IOException {
    ImplicitTuple implicit;
    DumperOptions.ScalarStyle style = DumperOptions.ScalarStyle.PLAIN;
    if (tag != null) {
      implicit = EXPLICIT;
    } else if (!isString) {
      implicit = PLAIN;
    } else {
      // Plain only where a reader would take it back as a string; otherwise the emitter quotes it.
      implicit = readsAsString(value) ? new ImplicitTuple(true, true) : QUOTED;
      if (value.indexOf('\n') >= 0 && value.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t') && !value.contains(" \n")) {
        style = DumperOptions.ScalarStyle.LITERAL;
      }
    }
    emitter.emit(new ScalarEvent(null, tag, implicit, value, null, null, style));
  }

  /**
   * Whether a plain scalar would read back as a string. YAML's implicit types (bool, null, int,
   * float, timestamp, merge) are picked by first character, so most strings skip the regexes.
   */
  private static boolean readsAsString(String value) {
    if (!value.isEmpty() && IMPLICIT_TYPE_STARTS.indexOf(value.charAt(0)) < 0) {
      return true;
    }
    return RESOLVER.resolve(NodeId.scalar, value, true).equals(Tag.STR);
  }

  /** Reads a YAML document as plain maps, lists and scalars. */
  static Object load(String yaml) {
    return new Yaml(new LoaderOptions()).load(yaml);
  }
}
