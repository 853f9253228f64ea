package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine that answers hand-written JSON by request path (any method), and 404 with the engine's
 * "page not found" to every path it was not given; docker-java's own client runs on top of it, so
 * typed commands and {@link EngineJson} see what they would see from Docker.
 */
final class FakeEngine {
  /** Body by path (with its query, as sent). */
  final Map<String, String> answers = new HashMap<>();
  /** Status by path, when not 200 (given an answer) or 404 (not given). */
  final Map<String, Integer> statuses = new HashMap<>();
  /** Body for every path that starts with the key and has no answer of its own. */
  final Map<String, String> answersByPrefix = new HashMap<>();
  /** "METHOD path" of every request, in order. */
  final List<String> asked = Collections.synchronizedList(new ArrayList<>());

  final DockerClient client = DockerClientImpl.getInstance(
      DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix:///nonexistent/docker.sock").build(),
      new DockerHttpClient() {
        @Override
        public Response execute(Request request) {
          asked.add(request.method() + " " + request.path());
          String body = answers.get(request.path());
          if (body == null) {
            body = answersByPrefix.entrySet().stream().filter(e -> request.path().startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
          }
          int status = statuses.getOrDefault(request.path(), body == null ? 404 : 200);
          return answer(status, body == null ? "{\"message\":\"page not found\"}" : body);
        }

        @Override
        public void close() {}
      });

  private static DockerHttpClient.Response answer(int status, String body) {
    return new DockerHttpClient.Response() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Map<String, List<String>> getHeaders() {
        return Map.of("Content-Type", List.of("application/json"));
      }

      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public void close() {}
    };
  }
}
