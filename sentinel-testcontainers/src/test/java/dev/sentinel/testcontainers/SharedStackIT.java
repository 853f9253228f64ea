package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** A stack shared by the whole class, as a static {@code @Container}. */
@Testcontainers
class SharedStackIT {
  @Container static SentinelStackContainer stack = WebStack.container().withLogsToSlf4j();

  @Test
  void aTestCallsIntoAServiceThroughItsLookedUpPort() throws Exception {
    ServiceContainer web = stack.service("web");
    assertThat(web.getHost()).isEqualTo("127.0.0.1");
    assertThat(web.getMappedPort(8080)).isNotEqualTo(18080).isPositive();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + web.getHost() + ":" + web.getMappedPort(8080) + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello-from-web\n");
  }

  @Test
  void servicesAreFoundByNameWithExecLogsAndNetworks() throws Exception {
    ServiceContainer backend = stack.service("backend");
    ExecResult whoami = backend.execInContainer("id", "-u");
    assertThat(whoami.exitCode()).isZero();
    assertThat(whoami.stdout().strip()).isEqualTo("10001");
    assertThat(backend.getContainerName()).isEqualTo(stack.getStackName() + "-backend-1");
    assertThat(stack.getNetworkName("backend")).isEqualTo(stack.getStackName() + "_backend");
    assertThat(stack.status().allReady()).isTrue();
    assertThatThrownBy(() -> stack.service("nope")).hasMessageContaining("has no replica 1 of service \"nope\" (services: backend, web)");
    assertThatThrownBy(() -> backend.getMappedPort(8080)).hasMessageContaining("publishes no port 8080");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (backend.getLogs().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(stack.getLogs()).contains(backend.getContainerName() + " | ");
  }
}
