package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackStatusTest {
  private static ContainerStatus container(String service, int replica, Optional<String> node) {
    return new ContainerStatus(service, replica, "shop-" + service + "-" + replica, "id" + replica, "running", Optional.of("healthy"),
        Optional.empty(), 0, Optional.of(Instant.parse("2026-01-01T00:00:00Z")), List.of("127.0.0.1:8080->8080/tcp"), Optional.empty(), node);
  }

  @Test
  void aSingleEngineTableHasNoNodeColumn() {
    StackStatus status = new StackStatus("shop", Instant.parse("2026-01-01T00:01:00Z"), List.of(container("api", 1, Optional.empty())));
    assertThat(status.toText()).doesNotContain("NODE")
        .contains("api                      1        running    healthy    0        60s        127.0.0.1:8080->8080/tcp");
  }

  @Test
  void aSwarmTableNamesTheNodeOfEachTask() {
    StackStatus status = new StackStatus("shop", Instant.parse("2026-01-01T00:01:00Z"),
        List.of(container("api", 1, Optional.of("worker-1")), container("api", 2, Optional.of("worker-2"))));
    assertThat(status.toText().lines().toList()).satisfies(lines -> {
      assertThat(lines.get(0)).contains("UPTIME     NODE                 PORTS");
      assertThat(lines.get(1)).contains("60s        worker-1             127.0.0.1:8080->8080/tcp");
      assertThat(lines.get(2)).contains("worker-2");
    });
    assertThat(status.toJson()).contains("\"node\" : \"worker-1\"");
  }
}
