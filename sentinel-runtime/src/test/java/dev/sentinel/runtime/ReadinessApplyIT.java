package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Readiness;
import dev.sentinel.dsl.ServiceBuilder;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness conditions declared in the DSL are part of what {@code apply} waits for: dependents
 * waiting for "healthy" wait for them too, an unmet one fails the service naming it, and a
 * recreated service whose new version is never ready goes back to its previous container. Times
 * and states are read from the engine's inspect, not from Sentinel's own events.
 */
class ReadinessApplyIT {
  /** Healthy at once; serves 200 "warming" for ~2 s, then "ready". */
  private static final String WARMING_API = "mkdir -p /tmp/www; echo warming > /tmp/www/index.html; touch /tmp/up;"
      + " (sleep 2; echo ready > /tmp/www/index.html; echo cache loaded) & exec httpd -f -p 8080 -h /tmp/www";

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("readiness");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(ReadinessApplyIT.class))
        .withServiceTimeout(Duration.ofSeconds(20)).withListener(events::add);
  }

  /** api (health check passes at once, readiness configured by {@code apiReadiness}) <- worker (waits for api healthy). */
  private StackSpec stack(Consumer<ServiceBuilder> apiReadiness) {
    String image = TestImages.busybox();
    return Stack.define(name, s -> s
        .service("api", api -> {
          api.image(image).command("sh", "-c", WARMING_API)
              .healthCheck(h -> h.shell("test -f /tmp/up").every("200ms").retries(3)).stopGracePeriod("1s");
          apiReadiness.accept(api);
        })
        .service("worker", w -> w.image(image).command("sh", "-c", "exec sleep 3600").init()
            .dependsOn("api", Dependency.Condition.HEALTHY).stopGracePeriod("1s"))).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack(a -> {}), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void aDependentWaitingForHealthyStartsOnlyAfterTheHttpBodyAndLogLineConditionsHold() throws Exception {
    // The api publishes no port: the condition reaches it at its address on the stack network.
    target.apply(stack(api -> api
        .readiness(Readiness.http(8080, "/").bodyContains("ready"))
        .readiness(Readiness.logLine("cache loaded"))), options());

    // Order, not duration: the engine's timestamp of the api's "cache loaded" line against the worker's start.
    Instant cacheLoaded = loggedAt(inspect("api").getId(), "cache loaded");
    Instant workerStarted = Instant.parse(inspect("worker").getState().getStartedAt());
    assertThat(workerStarted).as("the worker waited for the api's readiness, not only for its health check, which passes at once")
        .isAfter(cacheLoaded);
    assertThat(events).filteredOn(ProgressEvent.Ready.class::isInstance).map(e -> ((ProgressEvent.Ready) e).state())
        .contains("healthy and ready: http GET :8080/ answering 2xx with \"ready\" in the body; a log line matching /cache loaded/");
  }

  @Test
  void anUnmetConditionFailsTheServiceNamingItAndWhatItSawAndItsDependentIsNotStarted() {
    assertThatThrownBy(() -> target.apply(stack(api -> api
        .readiness(Readiness.anyOf(Readiness.tcp(9), Readiness.http(8080, "/").status(204)).within(Duration.ofSeconds(4)))), options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("service \"api\" was not ready: any of (tcp port 9 accepting connections; http GET :8080/ answering 204)")
        .hasMessageContaining("timed out after 4s")
        .hasMessageContaining("answered 200 \"ready\"")
        .satisfies(e -> assertThat(((ApplyException) e).notStarted()).containsExactly("worker"));
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec())
        .extracting(c -> c.getNames()[0]).containsExactly("/" + name + "-api-1");
  }

  @Test
  void aRecreatedServiceWhoseNewVersionIsNeverReadyGoesBackToItsPreviousContainer() {
    target.apply(stack(api -> {}), options());
    String before = inspect("api").getId();

    assertThatThrownBy(() -> target.apply(stack(api -> api.env("VERSION", "2")
        .readiness(Readiness.command("test", "-f", "/tmp/never").within(Duration.ofSeconds(2)))), options()))
        .isInstanceOf(ApplyException.class)
        .hasMessageContaining("was not ready: command [test, -f, /tmp/never] exiting with 0")
        .hasMessageContaining("rolled back to its previous containers: api");

    InspectContainerResponse after = inspect("api");
    assertThat(after.getId()).isEqualTo(before);
    assertThat(after.getConfig().getEnv()).noneMatch(e -> e.startsWith("VERSION="));
    assertThat(after.getState().getRunning()).isTrue();
  }

  @Test
  void changingOnlyReadinessRecreatesNothing() {
    target.apply(stack(api -> {}), options());
    Plan plan = target.plan(stack(api -> api.readiness(Readiness.tcp(8080))), options());
    assertThat(plan.isNoOp()).as(plan.toText()).isTrue();
  }

  /** When the engine logged {@code text} from {@code container}. */
  private Instant loggedAt(String container, String text) throws InterruptedException {
    List<String> lines = new CopyOnWriteArrayList<>();
    docker.logContainerCmd(container).withStdOut(true).withStdErr(true).withTimestamps(true)
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Frame frame) {
            lines.addAll(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
          }
        }).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
    String line = lines.stream().filter(l -> l.endsWith(text)).findFirst().orElseThrow(() -> new AssertionError(text + " not logged: " + lines));
    return Instant.parse(line.substring(0, line.indexOf(' ')));
  }

  private InspectContainerResponse inspect(String service) {
    List<Container> found = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("dev.sentinel.stack", name, "dev.sentinel.service", service)).exec();
    assertThat(found).hasSize(1);
    return docker.inspectContainerCmd(found.get(0).getId()).exec();
  }
}
