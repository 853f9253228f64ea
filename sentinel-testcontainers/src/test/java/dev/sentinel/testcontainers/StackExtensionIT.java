package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sentinel.runtime.StackStatus;
import dev.sentinel.testcontainers.junit.Endpoint;
import dev.sentinel.testcontainers.junit.SentinelStack;
import dev.sentinel.testcontainers.junit.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code @SentinelStack}: two test classes naming the same definition share one stack, parameters
 * are injected, and a failing test gets the stack's logs in its report.
 */
class StackExtensionIT {
  private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  @AfterAll
  static void bothClassesSawOneStack() {
    assertThat(SEEN).containsKeys("first", "second");
    assertThat(SEEN.get("first")).isEqualTo(SEEN.get("second"));
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Nested
  @SentinelStack(WebStackDefinition.class)
  class FirstClass {
    @Test
    void parametersAreTheRunningStacksParts(@Endpoint(service = "web", port = 8080, path = "/") URI web, @Service("backend") ServiceContainer backend,
        StackStatus status, SentinelStackContainer stack) throws Exception {
      assertThat(web.getHost()).isEqualTo("127.0.0.1");
      assertThat(web.getPort()).isNotEqualTo(18080).isPositive();
      assertThat(get(web)).isEqualTo("hello-from-web\n");
      assertThat(backend.getContainerName()).isEqualTo(stack.getStackName() + "-backend-1");
      assertThat(backend.execInContainer("id", "-u").stdout().strip()).isEqualTo("10001");
      assertThat(status.allReady()).isTrue();
      assertThat(stack.isShared()).isTrue();
      SEEN.put("first", stack.getStackName() + " " + stack.service("web").getContainerId());
    }
  }

  @Nested
  @SentinelStack(WebStackDefinition.class)
  class SecondClass {
    @Test
    void theSecondClassGetsTheSameStackStartedOnce(SentinelStackContainer stack, @Endpoint(service = "web", port = 8080) URI web) throws Exception {
      assertThat(get(web)).isEqualTo("hello-from-web\n");
      SEEN.put("second", stack.getStackName() + " " + stack.service("web").getContainerId());
    }
  }

  @Test
  void aFailingTestGetsTheContainersLogsInItsReport() {
    List<ReportEntry> entries = new CopyOnWriteArrayList<>();
    List<TestExecutionResult> results = new CopyOnWriteArrayList<>();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(FailingTest.class)).build(),
        new TestExecutionListener() {
          @Override
          public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            entries.add(entry);
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              results.add(result);
            }
          }
        });
    assertThat(results).singleElement().extracting(TestExecutionResult::getStatus).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(entries).singleElement().satisfies(entry -> assertThat(entry.getKeyValuePairs().get("sentinel.logs"))
        .startsWith("stack web-").contains("-backend-1 | "));
  }

  /** Run by the test above through the launcher only (a static nested class is not discovered on its own). */
  @SentinelStack(WebStackDefinition.class)
  static class FailingTest {
    @Test
    void fails(@Service("backend") ServiceContainer backend) throws Exception {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (backend.getLogs().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      throw new AssertionError("failing on purpose");
    }
  }
}
