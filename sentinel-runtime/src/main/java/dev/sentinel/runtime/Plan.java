package dev.sentinel.runtime;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * What applying a stack would do, computed with read-only calls: per image, network, volume and
 * container whether it is created, recreated (with the fields that changed), started, removed,
 * left unchanged, or an orphan. Secrets never appear in a plan.
 *
 * <pre>{@code
 * Plan plan = target.plan(stack.resolve("production"));
 * System.out.print(plan.toText());      // for humans
 * String json = plan.toJson();          // for tools
 * }</pre>
 *
 * @param stack the stack's name
 * @param environment the environment it was resolved for
 * @param actions the steps, images first, then networks, volumes and containers
 */
public record Plan(String stack, Optional<String> environment, List<PlannedAction> actions) {
  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new Jdk8Module()).enable(SerializationFeature.INDENT_OUTPUT);

  public Plan {
    checkNotNull(stack, "stack");
    checkNotNull(environment, "environment");
    actions = ImmutableList.copyOf(actions);
  }

  /** Whether applying would change nothing. */
  public boolean isNoOp() {
    return actions.stream().noneMatch(PlannedAction::changesSomething);
  }

  /** The steps that change something. */
  public List<PlannedAction> changes() {
    return actions.stream().filter(PlannedAction::changesSomething).toList();
  }

  /** One line per step, e.g. {@code ~ recreate container shop-api-1 (memoryBytes, imageId)}. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("stack ").append(stack).append(environment.map(e -> " (" + e + ")").orElse("")).append(": ")
        .append(isNoOp() ? "no changes" : changes().size() + " change" + (changes().size() == 1 ? "" : "s")).append('\n');
    for (PlannedAction a : actions) {
      out.append(symbol(a.kind())).append(' ').append(a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
          .append(' ').append(a.type().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(a.name());
      if (!a.changes().isEmpty()) {
        out.append(" (").append(String.join(", ", a.changes())).append(')');
      } else if (!a.reason().isEmpty()) {
        out.append(" (").append(a.reason()).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The plan as JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static char symbol(PlannedAction.Kind kind) {
    return switch (kind) {
      case CREATE, BUILD, PULL -> '+';
      case RECREATE -> '~';
      case START -> '>';
      case REMOVE -> '-';
      case ORPHAN -> '?';
      case UNCHANGED -> '=';
    };
  }
}
