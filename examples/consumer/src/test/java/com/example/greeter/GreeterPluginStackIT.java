package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.StackStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Runs against the stack sentinel-maven-plugin brought up in pre-integration-test. */
class GreeterPluginStackIT {
  @Test
  void thePluginsStackIsHealthyAndAnswersOnItsFixedPort() throws Exception {
    try (Engine engine = Engine.fromEnvironment()) {
      StackStatus status = EngineTarget.on(engine).status(GreeterStack.NAME);
      assertTrue(status.allReady(), status.toText());
      assertEquals(2, status.containers().size(), status.toText());
    }
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GreeterStack.PORT + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("ok\n", health.body());
  }
}
