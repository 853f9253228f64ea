package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.ServiceContainer;
import dev.sentinel.testcontainers.junit.Endpoint;
import dev.sentinel.testcontainers.junit.SentinelStack;
import dev.sentinel.testcontainers.junit.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The stack through the JUnit extension: parts injected as parameters; shared with {@link GreeterSharedStackIT}. */
@SentinelStack(GreeterStack.class)
class GreeterExtensionIT {
  @Test
  void theApiAnswersThroughTheInjectedEndpoint(@Endpoint(service = "api", port = 8080, path = "/") URI api,
      @Service("worker") ServiceContainer worker, SentinelStackContainer stack) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.body().matches("hello from the greeter stack \\(visit \\d+\\)\n"), response.body());
    assertEquals(0, worker.execInContainer("true").exitCode());
    SharedStackRecord.saw("GreeterExtensionIT", stack);
  }
}
