package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.PrivateEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part (b) of the fault harness: the engine stopped and started again in the middle of an apply
 * and of a down. Uses a private {@code dockerd} of the test's own, so the developer's engine is
 * never touched. Judged by that engine's own inspect and lists.
 */
class EngineRestartIT {
  private static final String HTTPD = "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www";

  private final String name = TestObjects.uniqueName("restart");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private volatile Predicate<ProgressEvent> trigger = e -> false;
  private volatile CountDownLatch triggered = new CountDownLatch(1);
  private PrivateEngine privateEngine;
  private Engine engine;
  private DockerClient docker;

  @TempDir Path state;

  @BeforeEach
  void startAPrivateEngine() throws Exception {
    privateEngine = PrivateEngine.start();
    engine = Engine.at(privateEngine.address());
    docker = privateEngine.client();
  }

  @AfterEach
  void removeThePrivateEngine() throws Exception {
    engine.close();
    privateEngine.close();
  }

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(EngineRestartIT.class))
        .withServiceTimeout(Duration.ofSeconds(60)).withListener(e -> {
          events.add(e);
          if (trigger.test(e)) {
            triggered.countDown();
          }
        });
  }

  /** db <- api (healthy) <- web, plus two independent workers; health checks stay inside each container. */
  private StackSpec stack() {
    String image = TestImages.BUSYBOX;
    return Stack.define(name, s -> s
        .service("db", db -> db.image(image).command("sh", "-c", HTTPD)
            .healthCheck(h -> h.httpGet(8080, "/").every("1s").retries(30)).stopGracePeriod("1s"))
        .service("api", api -> api.image(image).command("sh", "-c", "sleep 2; " + HTTPD)
            .healthCheck(h -> h.httpGet(8080, "/").every("1s").retries(30))
            .dependsOn("db", Dependency.Condition.HEALTHY).stopGracePeriod("1s"))
        .service("web", web -> web.image(image).command("sleep", "3600").init()
            .dependsOn("api", Dependency.Condition.HEALTHY))
        .service("w1", w -> w.image(image).command("sleep", "3600").init())
        .service("w2", w -> w.image(image).command("sleep", "3600").init())).base();
  }

  @Test
  void anApplyWhoseEngineRestartsMidwaySaysWhereWaitsForItAndConvergesWithEveryServiceReady() throws Exception {
    // api sleeps 2 s before it serves: the engine goes away while the apply waits for it to become healthy.
    CountDownLatch apiStarted = latchOn(e -> e instanceof ProgressEvent.Started s && s.serviceName().equals("api"));
    CompletableFuture<Plan> apply = CompletableFuture.supplyAsync(() -> EngineTarget.on(engine).apply(stack(), options()));
    assertThat(apiStarted.await(120, TimeUnit.SECONDS)).as("api started").isTrue();
    privateEngine.restart(Duration.ofSeconds(2));

    apply.get(5, TimeUnit.MINUTES); // returns normally: the apply resumed
    assertThat(events).filteredOn(ProgressEvent.EngineLost.class::isInstance).map(ProgressEvent::text).singleElement()
        .satisfies(line -> assertThat(line).startsWith("the Docker engine at " + privateEngine.address() + " stopped answering at \"")
            .doesNotContain("FAILED"));
    assertThat(events).filteredOn(ProgressEvent.EngineBack.class::isInstance).hasSize(1);
    assertConverged();
    System.out.println("engine restart during up: survived; lost at: "
        + events.stream().filter(ProgressEvent.EngineLost.class::isInstance).map(e -> ((ProgressEvent.EngineLost) e).step()).findFirst().orElseThrow());
  }

  @Test
  void aDownWhoseEngineRestartsMidwayCarriesOnAndLeavesNothing() throws Exception {
    EngineTarget.on(engine).apply(stack(), options());
    assertConverged();
    events.clear();
    CountDownLatch firstRemoved = latchOn(e -> e instanceof ProgressEvent.Removed);
    CompletableFuture<Void> down = CompletableFuture.runAsync(() ->
        EngineTarget.on(engine).down(stack(), DownOptions.removeVolumesToo(), options()));
    assertThat(firstRemoved.await(120, TimeUnit.SECONDS)).as("a first object removed").isTrue();
    privateEngine.restart(Duration.ofSeconds(2));

    down.get(5, TimeUnit.MINUTES);
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
    assertThat(docker.listNetworksCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec()).isEmpty();
    // The down must really have met the restart (not finished before it), and carried on after it.
    assertThat(events).filteredOn(ProgressEvent.EngineLost.class::isInstance).isNotEmpty();
    assertThat(events).filteredOn(ProgressEvent.EngineBack.class::isInstance).isNotEmpty();
  }

  /** A latch the listener opens at the first event that matches {@code trigger}. */
  private CountDownLatch latchOn(Predicate<ProgressEvent> trigger) {
    CountDownLatch latch = new CountDownLatch(1);
    this.trigger = trigger;
    this.triggered = latch;
    return latch;
  }

  private void assertConverged() {
    List<Container> containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec();
    assertThat(containers).extracting(c -> c.getNames()[0].substring(1)).containsExactlyInAnyOrder(
        name + "-db-1", name + "-api-1", name + "-web-1", name + "-w1-1", name + "-w2-1");
    for (Container c : containers) {
      InspectContainerResponse inspect = docker.inspectContainerCmd(c.getId()).exec();
      assertThat(inspect.getState().getRunning()).as(inspect.getName()).isTrue();
      if (inspect.getState().getHealth() != null) {
        assertThat(inspect.getState().getHealth().getStatus()).as(inspect.getName()).isEqualTo("healthy");
      }
    }
  }
}
