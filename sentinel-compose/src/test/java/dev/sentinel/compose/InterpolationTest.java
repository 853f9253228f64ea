package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.EnvValue;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose's interpolation rules, one by one, and where the variables come from. */
class InterpolationTest {
  private static final Map<String, String> VARS = Map.of("SET", "value", "EMPTY", "", "OTHER", "other");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "$SET|value",
      "${SET}|value",
      "a${SET}b$SET.c|avaluebvalue.c",
      "${UNSET}|''",
      "${SET:-default}|value",
      "${EMPTY:-default}|default",
      "${UNSET:-default}|default",
      "${SET-default}|value",
      "${EMPTY-default}|''",
      "${UNSET-default}|default",
      "${UNSET:-${OTHER}}|other",
      "${UNSET:-${ALSO_UNSET:-deep}}|deep",
      "${SET:+replacement}|replacement",
      "${EMPTY:+replacement}|''",
      "${EMPTY+replacement}|replacement",
      "${UNSET+replacement}|''",
      "$$SET|$SET",
      "costs $$5|costs $5",
      "${SET:?must be set}|value",
      "${EMPTY?may be empty}|''",
      "trailing $|trailing $",
  })
  void resolves(String text, String expected) throws Exception {
    assertThat(new Interpolation(VARS).resolve(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "${UNSET:?set it please}|required variable UNSET is missing a value: set it please",
      "${EMPTY:?not empty}|required variable EMPTY is missing a value: not empty",
      "${UNSET?unset}|required variable UNSET is missing a value: unset",
      "${SET|has an unclosed ${",
      "${1BAD}|has an invalid variable reference ${1BAD}",
      "${SET/x/y}|has an invalid variable reference ${SET/x/y}",
      "a $ b|has a $ that starts no variable",
  })
  void refuses(String text, String message) {
    assertThatThrownBy(() -> new Interpolation(VARS).resolve(text)).hasMessageContaining(message);
  }

  @Test
  void unsetVariablesAreReportedOnceWithTheirLine() {
    ComposeImport imported = new ImportFixture(dir).imported("""
        services:
          a:
            image: app${NOT_SET}:1
            labels: {x: "${NOT_SET}", y: "${ALSO_NOT_SET}"}
        """);
    assertThat(imported.warnings()).extracting(ImportNote::toString).containsExactly(
        "compose.yml:3: services.a.image: variable NOT_SET is not set; it became an empty string",
        "compose.yml:4: services.a.labels.y: variable ALSO_NOT_SET is not set; it became an empty string");
  }

  @Test
  void aMissingRequiredVariableIsAnErrorAtItsLine() {
    String error = new ImportFixture(dir).error("""
        services:
          a:
            image: app:1
            command: ["run", "${MODE:?MODE must be set}"]
        """);
    assertThat(error).contains("compose.yml:4: services.a.command[1]: required variable MODE is missing a value: MODE must be set");
  }

  @Test
  void theProcessEnvironmentWinsOverTheDotEnvFileWhichMayUseQuotesAndEarlierValues() {
    ImportFixture fx = new ImportFixture(dir);
    fx.file(".env", """
        # the .env file
        BASE=registry.test
        IMAGE=${BASE}/app
        TAG=from-dotenv
        QUOTED="two words"
        LITERAL='${NOT_EXPANDED}'
        COMMENTED=value # a comment
        """);
    Path compose = fx.file("compose.yml", """
        services:
          a:
            image: ${IMAGE}:${TAG}
            labels: ["q=${QUOTED}", "l=${LITERAL}", "c=${COMMENTED}"]
        """);
    var spec = ComposeImporter.create().withVariables(Map.of("TAG", "from-process")).importFiles(compose).stack().base();
    assertThat(spec.service("a").imageSource().image().get().toString()).isEqualTo("registry.test/app:from-process");
    assertThat(spec.service("a").labels()).containsEntry("q", "two words").containsEntry("l", "${NOT_EXPANDED}").containsEntry("c", "value");
  }

  @Test
  void anEnvFileReplacesTheDotEnvFile() {
    ImportFixture fx = new ImportFixture(dir);
    fx.file(".env", "TAG=from-dotenv\n");
    Path staging = fx.file("staging.env", "TAG=from-staging\n");
    Path compose = fx.file("compose.yml", "services:\n  a: {image: \"app:${TAG}\"}\n");
    var image = ComposeImporter.create().withVariables(Map.of()).withEnvFile(staging).importFiles(compose).stack().base().service("a").imageSource().image();
    assertThat(image.get().toString()).isEqualTo("app:from-staging");
    assertThatThrownBy(() -> ComposeImporter.create().withEnvFile(dir.resolve("missing.env")).importFiles(compose))
        .hasMessageContaining("missing.env: cannot be read");
  }

  @Test
  void aBadDotEnvLineIsAnErrorNamingIt() {
    ImportFixture fx = new ImportFixture(dir);
    fx.file(".env", "GOOD=1\nthis is not a variable\n");
    assertThatThrownBy(() -> fx.imported("services:\n  a: {image: a:1}\n"))
        .hasMessageContaining(".env:2: \"this is not a variable\" is not a KEY=VALUE line");
  }

  @Test
  void wholeReferencesInTheEnvironmentStayReferences() {
    var env = new ImportFixture(dir).service("""
        services:
          a:
            image: a:1
            environment:
              URL: ${URL:-http://localhost}
              KEY: ${KEY:?KEY is required}
              PASSED: ${PASSED}
              UNSET_DASH: ${UNSET-fallback}
        """, "a").environment();
    assertThat(env.variables().get("URL")).isEqualTo(new EnvValue.FromHost("URL", Optional.of("http://localhost"), false));
    assertThat(env.variables().get("KEY")).isEqualTo(new EnvValue.FromHost("KEY", Optional.empty(), true));
    assertThat(env.variables().get("PASSED")).isEqualTo(new EnvValue.FromHost("PASSED", Optional.empty(), false));
    // ${VAR-default} differs from the model's ":-" only for an empty variable, so it is resolved now.
    assertThat(env.variables().get("UNSET_DASH")).isEqualTo(new EnvValue.Literal("fallback"));
  }
}
