package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.internal.StackLock;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor restarts a container that stays unhealthy, but not while an apply holds the stack's lock. */
class SupervisorIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final String name = TestObjects.uniqueName("supervise");

  @TempDir Path state;

  private StackSpec stack() {
    // Healthy while /tmp/ok exists; the command makes it at every start.
    return Stack.define(name, s -> s.service("api", a -> a.image(TestImages.busybox()).command("sh", "-c", "touch /tmp/ok; exec sleep 3600")
        .init().healthCheck(h -> h.shell("test -f /tmp/ok").every("300ms").retries(2)).stopGracePeriod("1s"))).base();
  }

  @AfterEach
  void removeTheStack() {
    StackCleanup.removeEverything(name);
    engine.close();
  }

  @Test
  void aContainerThatStaysUnhealthyIsRestartedOnceTheStackLockIsFreeAndTheRestartIsAudited() throws Exception {
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(SupervisorIT.class));
    EngineTarget.on(engine).apply(stack(), options);
    String container = name + "-api-1";
    String startedAt = docker.inspectContainerCmd(container).exec().getState().getStartedAt();

    try (Supervisor supervisor = Supervisor.start(engine, name, Supervisor.Options.defaults().withUnhealthyFor(Duration.ofSeconds(1))
        .withCheckEvery(Duration.ofMillis(200)).withAuditLog(options.auditLog()))) {
      try (StackLock applyRunning = StackLock.acquire(TestEngine.address().toString(), name, Duration.ofSeconds(5))) {
        Exec.run(container, "0", "rm", "/tmp/ok");
        awaitHealth(container, "unhealthy");
        Thread.sleep(3000); // unhealthy for 3 s, 2 s past the limit, while "an apply" holds the lock
        assertThat(supervisor.restarts()).isZero();
        assertThat(docker.inspectContainerCmd(container).exec().getState().getStartedAt()).isEqualTo(startedAt);
      }
      awaitHealth(container, "healthy");
      assertThat(supervisor.restarts()).isEqualTo(1);
      assertThat(docker.inspectContainerCmd(container).exec().getState().getStartedAt()).isNotEqualTo(startedAt);
    }
    assertThat(Files.readString(options.auditLog())).contains("\"operation\":\"supervise\"").contains("restart container " + container);
  }

  private void awaitHealth(String container, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!status.equals(docker.inspectContainerCmd(container).exec().getState().getHealth().getStatus())) {
      assertThat(System.nanoTime()).as("%s did not become %s", container, status).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
