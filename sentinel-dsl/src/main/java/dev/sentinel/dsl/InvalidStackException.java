package dev.sentinel.dsl;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stack definition has problems; the message lists every one of them, one per line.
 *
 * <pre>{@code
 * stack "shop" has 2 problems:
 *   services.api.depends_on.db: service "db" is not defined (defined: api, cache)
 *   services.api.mem_limit: "12XB" is not a size (examples: 512m, 1g, 1.5GiB, 1048576)
 * }</pre>
 */
public final class InvalidStackException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public InvalidStackException(String stack, List<Problem> problems) {
    super(describe(stack, problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  /** Every problem found. */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(String stack, List<Problem> problems) {
    return "stack \""
        + stack
        + "\" has "
        + problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + ":\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
