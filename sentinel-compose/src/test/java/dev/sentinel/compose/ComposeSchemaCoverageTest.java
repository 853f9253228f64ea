package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/compose.md lists every attribute of the Compose schema we carry, element by element, as
 * supported (with the corpus case and tests that show it), refused or ignored (with why) — and the
 * list is checked against the schema itself, the corpus and the test sources, so it cannot drift.
 */
class ComposeSchemaCoverageTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_0-9]+)` \\| (supported|refused|ignored) \\| (.*) \\|$");
  private static final Pattern CORPUS_CASE = Pattern.compile("corpus `([0-9]+-[a-z0-9-]+)`");
  private static final Pattern TEST_CLASS = Pattern.compile("`([A-Z][A-Za-z]+(?:IT|Test))`");

  /** Each table of the page, by the schema element its marker names, e.g. {@code <!-- schema: service -->}. */
  private static Map<String, Map<String, String[]>> tables() throws IOException {
    Map<String, Map<String, String[]>> tables = new LinkedHashMap<>();
    Map<String, String[]> current = null;
    for (String line : Files.readAllLines(ROOT.resolve("docs/compose.md"))) {
      Matcher marker = Pattern.compile("^<!-- schema: ([a-z.]+) -->$").matcher(line);
      if (marker.matches()) {
        current = new LinkedHashMap<>();
        tables.put(marker.group(1), current);
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (current != null && row.matches()) {
        current.put(row.group(1), new String[] {row.group(2), row.group(3)});
      } else if (current != null && !line.startsWith("|")) {
        current = null;
      }
    }
    return tables;
  }

  private static Map<String, TreeSet<String>> schemaAttributes() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(ComposeSchemaCoverageTest.class.getResource("/compose-spec/compose-spec.json"));
    JsonNode d = schema.get("definitions");
    JsonNode service = d.get("service").get("properties");
    Map<String, TreeSet<String>> elements = new LinkedHashMap<>();
    elements.put("top", names(schema.get("properties")));
    elements.put("service", names(service));
    elements.put("deployment", names(d.get("deployment").get("properties")));
    elements.put("build", names(service.get("build").get("oneOf").get(1).get("properties")));
    elements.put("healthcheck", names(d.get("healthcheck").get("properties")));
    elements.put("service.networks", names(service.get("networks").get("oneOf").get(1).get("patternProperties").elements().next()
        .get("oneOf").get(0).get("properties")));
    elements.put("service.volumes", names(service.get("volumes").get("items").get("oneOf").get(1).get("properties")));
    for (String element : List.of("network", "volume", "secret", "config")) {
      elements.put(element, names(d.get(element).get("properties")));
    }
    return elements;
  }

  private static TreeSet<String> names(JsonNode properties) {
    TreeSet<String> names = new TreeSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyAttributeOfTheSchemaHasExactlyTheRowsOfItsElement() throws IOException {
    Map<String, Map<String, String[]>> tables = tables();
    schemaAttributes().forEach((element, attributes) -> {
      assertThat(tables).as("docs/compose.md has a table marked <!-- schema: %s -->", element).containsKey(element);
      assertThat(new TreeSet<>(tables.get(element).keySet())).as("rows of the %s table", element).isEqualTo(attributes);
    });
  }

  @Test
  void aSupportedAttributeIsUsedByTheCorpusCasesItNamesAndItsTestsExist() throws IOException {
    List<String> problems = new ArrayList<>();
    Path corpus = ComposeCorpus.root();
    Set<String> testClasses = testClassNames();
    tables().forEach((element, rows) -> rows.forEach((attribute, row) -> {
      String status = row[0];
      String text = row[1];
      if (!status.equals("supported")) {
        if (text.isBlank()) {
          problems.add(element + "." + attribute + ": " + status + " without a reason");
        }
        return;
      }
      Matcher cases = CORPUS_CASE.matcher(text);
      boolean named = false;
      while (cases.find()) {
        named = true;
        Path dir = corpus.resolve(cases.group(1));
        if (!Files.isDirectory(dir)) {
          problems.add(element + "." + attribute + ": no corpus case " + cases.group(1));
        } else if (!usesKey(dir, attribute)) {
          problems.add(element + "." + attribute + ": corpus case " + cases.group(1) + " does not use " + attribute);
        }
      }
      if (!named && !text.startsWith("see [") && !text.equals("every case")) {
        problems.add(element + "." + attribute + ": supported, but no corpus case shows it");
      }
      Matcher tests = TEST_CLASS.matcher(text);
      while (tests.find()) {
        if (!testClasses.contains(tests.group(1))) {
          problems.add(element + "." + attribute + ": no test class " + tests.group(1));
        }
      }
    }));
    assertThat(problems).isEmpty();
  }

  private static boolean usesKey(Path dir, String key) {
    Pattern used = Pattern.compile("(^|[\\s{,])" + Pattern.quote(key) + ":", Pattern.MULTILINE);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).anyMatch(f -> used.matcher(read(f)).find());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The simple names of every test source of the repository's modules. */
  private static Set<String> testClassNames() {
    try (Stream<Path> files = Files.walk(ROOT, 8)) {
      return files.filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java"))
          .map(f -> f.getFileName().toString().replace(".java", "")).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
