package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

/**
 * Engine errors in words: no docker-java class name, no raw JSON. docker-java's exceptions carry the
 * engine's body; their message is {@code Status 400: <body>}, which the issue quoted.
 */
class EngineErrorsTest {
  private static final String REPORTED = "{\"message\":\"invalid mount config for type \\\"bind\\\": bind source path does not exist:"
      + " /home/u/.sentinel/run/ats-sentinel/secrets/redis/redis-password\"}\n";

  @Test
  void anEngineRefusalIsItsStatusAndMessageWithoutClassNameOrJson() {
    BadRequestException refused = new BadRequestException(REPORTED);
    assertThat(refused.getMessage()).as("what users saw").startsWith("Status 400: {\"message\":");
    String described = EngineErrors.describe(refused);
    assertThat(described).isEqualTo("the engine refused (400): invalid mount config for type \"bind\": bind source path does not exist:"
        + " /home/u/.sentinel/run/ats-sentinel/secrets/redis/redis-password");
    assertThat(described).doesNotContain("dockerjava", "{", "Status 400");
  }

  @Test
  void aWrappedRefusalKeepsTheWrappersWordsAndTranslatesTheEnginesPart() {
    NotFoundException cause = new NotFoundException("{\"message\":\"No such image: shop/api:1\"}");
    assertThat(EngineErrors.describe(new IllegalStateException("creating api failed: " + cause.getMessage(), cause)))
        .isEqualTo("creating api failed: the engine refused (404): No such image: shop/api:1");
  }

  @Test
  void aPlainTextAnswerAndAnErrorWithoutMessageAreShownAsWords() {
    assertThat(EngineErrors.describe(new BadRequestException("page not found"))).isEqualTo("the engine refused (400): page not found");
    assertThat(EngineErrors.describe(new java.net.SocketTimeoutException())).isEqualTo("socket timeout exception");
  }
}
