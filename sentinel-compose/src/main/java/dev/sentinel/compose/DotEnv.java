package dev.sentinel.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code .env} and {@code env_file} files the way Compose does: {@code KEY=VALUE} lines,
 * optional {@code export}, {@code #} comments, single quotes (literal), double quotes (escapes and
 * variables), unquoted values (variables, trailing {@code " #"} comment dropped). A value may refer
 * to variables defined above it or in {@code outer}.
 */
final class DotEnv {
  private static final Pattern LINE = Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?:=(.*))?");

  private DotEnv() {}

  /**
   * The variables of {@code file}, in file order.
   *
   * @throws ComposeImportException naming the file and line of a line that is not {@code KEY=VALUE}
   */
  static Map<String, String> read(Path file, String displayName, Map<String, String> outer) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw error(displayName, 0, "cannot be read: " + e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw error(displayName, n + 1, "\"" + line.strip() + "\" is not a KEY=VALUE line");
      }
      if (m.group(2) == null) {
        continue; // "KEY" alone: Compose takes it from the environment when set; nothing to record here
      }
      Map<String, String> visible = new LinkedHashMap<>(outer);
      visible.putAll(values);
      try {
        values.put(m.group(1), value(m.group(2).strip(), new Interpolation(visible)));
      } catch (Interpolation.Failure e) {
        throw error(displayName, n + 1, e.getMessage());
      }
    }
    return values;
  }

  private static String value(String raw, Interpolation interpolation) throws Interpolation.Failure {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      return end < 0 ? raw.substring(1) : raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && i + 1 < raw.length()) {
          char next = raw.charAt(++i);
          out.append(switch (next) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            default -> next;
          });
        } else if (c == '"') {
          break;
        } else {
          out.append(c);
        }
      }
      return interpolation.resolve(out.toString());
    }
    int comment = raw.indexOf(" #");
    String unquoted = comment < 0 ? raw : raw.substring(0, comment).strip();
    return interpolation.resolve(unquoted);
  }

  private static ComposeImportException error(String file, int line, String message) {
    return new ComposeImportException(List.of(new ImportNote(ImportNote.Level.ERROR, file, line, "", message)));
  }
}
