package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an apply hands out the engine's container starts: a few at once, the ones others wait on first. */
class StartScheduleIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("stack");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  /** As the apply sizes them: the engine's CPUs, at least 2. */
  private final int slots = Math.max(2, docker.infoCmd().exec().getNCPU());
  /** The slots, or the apply's pool where it is smaller (an engine with more CPUs than that). */
  private final int atOnce = Math.min(slots, ApplyOptions.defaults().parallelism());
  @TempDir Path state;

  /** {@code 2 * atOnce + 1} services nothing waits for, declared first; then db, which api waits for. */
  private StackSpec stack() {
    String image = TestImages.busybox();
    return Stack.define(name, s -> {
      IntStream.range(0, 2 * atOnce + 1).forEach(i -> s.service("filler-" + i, f -> f.image(image).command("sleep", "3600").init()
          .stopGracePeriod("1s")));
      s.service("db", db -> db.image(image).command("sleep", "3600").init().stopGracePeriod("1s"))
          .service("api", api -> api.image(image).command("sleep", "3600").init().stopGracePeriod("1s").dependsOn("db"));
    }).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack(), DownOptions.removeVolumesToo(), ApplyOptions.defaults().withStateDirectory(state));
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void atMostTheEnginesCpuCountOfStartsRunAtOnceAndAServiceOthersWaitOnStartsAheadOfThoseNothingWaitsFor() {
    target.apply(stack(), ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(StartScheduleIT.class))
        .withServiceTimeout(Duration.ofSeconds(60)).withListener(events::add));

    int running = 0;
    int most = 0;
    for (ProgressEvent e : events) {
      if (e instanceof ProgressEvent.Starting) {
        most = Math.max(most, ++running);
      } else if (e instanceof ProgressEvent.Started) {
        running--;
      }
    }
    assertThat(most).as("starts under way at once").isEqualTo(atOnce);

    // The engine's own start times: db is among the first atOnce + 1 of the first tier's containers to start
    // (the first free slot goes to it even if fillers asked before it), not after the fillers declared before it.
    List<String> byEngineStart = IntStream.range(0, 2 * atOnce + 1).mapToObj(i -> "filler-" + i).collect(java.util.stream.Collectors
        .toCollection(java.util.ArrayList::new));
    byEngineStart.add("db");
    byEngineStart.sort(Comparator.comparing(service -> Instant.parse(docker.inspectContainerCmd(name + "-" + service + "-1").exec()
        .getState().getStartedAt())));
    assertThat(byEngineStart.indexOf("db")).as("db's place among the first tier's starts: %s", byEngineStart).isLessThanOrEqualTo(atOnce);
  }
}
