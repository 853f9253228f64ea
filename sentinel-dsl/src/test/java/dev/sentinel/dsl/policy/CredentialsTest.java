package dev.sentinel.dsl.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {
  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "POSTGRES_PASSWORD|hunter2|true",
      "api_token|abc|true",
      "RABBITMQ_DEFAULT_PASS|guest|true",
      "PASS|x|true",
      "PASSPORT_OFFICE|Berlin|false",
      "COMPASS_HEADING|north|false",
      "POSTGRES_PASSWORD|''|false",
      "POSTGRES_PASSWORD_FILE|/run/secrets/pg|false",
      "DB_PASSWORD|/run/secrets/db|false",
      "DATABASE_URL|postgres://shop:hunter2@db:5432/shop|true",
      "BROKER|amqp://app:s3cret@rabbit/|true",
      "DATABASE_URL|postgres://shop@db:5432/shop|false",
      "DATABASE_URL|postgres://shop:${DB_PASSWORD}@db/shop|false",
      "HOMEPAGE|https://example.test/a:b@c|false",
      "LOG_LEVEL|info|false",
  })
  void judgesNamesAndUrls(String variable, String value, boolean credential) {
    assertThat(Credentials.isLiteralCredential(variable, value)).isEqualTo(credential);
  }
}
