package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.junit.Endpoint;
import dev.sentinel.testcontainers.junit.SentinelStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A second class naming the same definition: it gets the stack {@link GreeterExtensionIT} has, started once. */
@SentinelStack(GreeterStack.class)
class GreeterSharedStackIT {
  @Test
  void theSameStackServesThisClassToo(@Endpoint(service = "api", port = 8080, path = "/") URI api, SentinelStackContainer stack) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.body().startsWith("hello from the greeter stack"), response.body());
    assertTrue(stack.isShared());
    SharedStackRecord.saw("GreeterSharedStackIT", stack);
  }
}
