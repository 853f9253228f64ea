package dev.sentinel.compose;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Compose import that cannot be completed: every error found, each with file, line and path.
 * Nothing has been written when this is thrown.
 *
 * <pre>{@code
 * try {
 *   ComposeImporter.create().importFiles(Path.of("docker-compose.yml"));
 * } catch (ComposeImportException e) {
 *   e.errors().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class ComposeImportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ImportNote> errors;

  public ComposeImportException(List<ImportNote> errors) {
    super(describe(errors));
    this.errors = ImmutableList.copyOf(errors);
  }

  /** The errors, in file order. */
  public List<ImportNote> errors() {
    return errors;
  }

  private static String describe(List<ImportNote> errors) {
    return "the Compose files cannot be imported (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n  "
        + errors.stream().map(ImportNote::toString).collect(Collectors.joining("\n  "));
  }
}
