package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sentinel.testcontainers.SentinelStackContainer;
import dev.sentinel.testcontainers.ServiceContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The whole stack in a test of its own: its own names and random ports, removed at the end. */
class GreeterContainerIT {
  @Test
  void theApiGreetsAndCountsVisitsInItsVolume() throws Exception {
    try (SentinelStackContainer greeter = SentinelStackContainer.of(new GreeterStack().define())) {
      greeter.start();
      ServiceContainer api = greeter.service("api");
      URI root = URI.create("http://" + api.getHost() + ":" + api.getMappedPort(8080) + "/");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> first = http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, first.statusCode());
      assertEquals("hello from the greeter stack (visit 1)\n", first.body());
      assertEquals("hello from the greeter stack (visit 2)\n", second.body());
      assertEquals(0, greeter.service("worker").execInContainer("true").exitCode());
    }
  }
}
