package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotAcceptableException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.google.common.escape.Escaper;
import com.google.common.net.UrlEscapers;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * GETs of the engine's JSON, read as Jackson trees through the client's own transport (the same
 * connections, timeouts and TLS as docker-java's typed commands, and the same exceptions for the
 * engine's refusals).
 *
 * <p>Why: a typed command binds the answer to docker-java's model, and Jackson builds the
 * deserializer of each model class by reflection the first time a process meets it. For the
 * listing and inspection of containers ({@code InspectContainerResponse} and the classes it holds)
 * that was about a third of {@code sentinel status}'s CPU time, for the handful of fields status
 * reads. A tree needs no reflection.
 */
final class EngineJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** As docker-java escapes a name or reference in a path ({@code /} too, so a reference stays one segment). */
  private static final Escaper SEGMENT = UrlEscapers.urlPathSegmentEscaper();

  private EngineJson() {}

  /** {@code GET /containers/json?all=1} of the containers carrying {@code label=value}. */
  static JsonNode containersLabelled(DockerClient docker, String label, String value) {
    return list(docker, "/containers/json?all=1&", "label", label + "=" + value);
  }

  /** {@code GET /networks} of the networks carrying {@code label=value}. */
  static JsonNode networksLabelled(DockerClient docker, String label, String value) {
    return list(docker, "/networks?", "label", label + "=" + value);
  }

  /** {@code GET /networks} of the networks whose name contains {@code name} (the engine's filter matches parts of names). */
  static JsonNode networksNamed(DockerClient docker, String name) {
    return list(docker, "/networks?", "name", name);
  }

  /** {@code docker network inspect} of {@code idOrName}; empty when the engine has no such network. */
  static Optional<JsonNode> network(DockerClient docker, String idOrName) {
    return get(docker, "/networks/" + SEGMENT.escape(idOrName));
  }

  /** The volumes carrying {@code label=value} ({@code GET /volumes}, its {@code Volumes} array). */
  static JsonNode volumesLabelled(DockerClient docker, String label, String value) {
    return list(docker, "/volumes?", "label", label + "=" + value).path("Volumes");
  }

  /** {@code docker volume inspect} of {@code name}; empty when the engine has no such volume. */
  static Optional<JsonNode> volume(DockerClient docker, String name) {
    return get(docker, "/volumes/" + SEGMENT.escape(name));
  }

  private static JsonNode list(DockerClient docker, String pathAndQuery, String filter, String value) {
    String filters = JSON.createObjectNode().set(filter, JSON.createArrayNode().add(value)).toString();
    return get(docker, pathAndQuery + "filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8))
        .orElseThrow(() -> new IllegalStateException("the engine answered 404 to GET " + pathAndQuery.replaceFirst("[?&]$", "")));
  }

  /** {@code docker inspect} of container {@code id}; empty when the engine has no such container. */
  static Optional<JsonNode> container(DockerClient docker, String id) {
    return get(docker, "/containers/" + SEGMENT.escape(id) + "/json");
  }

  /** {@code docker image inspect} of {@code reference}; empty when the engine has no such image. */
  static Optional<JsonNode> image(DockerClient docker, String reference) {
    return get(docker, "/images/" + SEGMENT.escape(reference) + "/json");
  }

  /**
   * The JSON the engine answers to {@code GET path}; empty on 404. Other refusals are thrown as
   * docker-java's typed commands throw them (the same exception class for each status, the
   * engine's body as the message), so callers and {@code EngineErrors} see no difference.
   */
  static Optional<JsonNode> get(DockerClient docker, String path) {
    DockerHttpClient http = ((DockerClientImpl) docker).getHttpClient();
    DockerHttpClient.Request request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      int status = response.getStatusCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status < 200 || status > 299) {
        throw refused(status, new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
      }
      return Optional.of(JSON.readTree(response.getBody()));
    } catch (IOException e) {
      // As docker-java's own commands report a broken connection.
      throw new RuntimeException(e);
    }
  }

  private static DockerException refused(int status, String body) {
    return switch (status) {
      case 400 -> new BadRequestException(body);
      case 401 -> new UnauthorizedException(body);
      case 406 -> new NotAcceptableException(body);
      case 409 -> new ConflictException(body);
      case 500 -> new InternalServerErrorException(body);
      default -> new DockerException(body, status);
    };
  }
}
