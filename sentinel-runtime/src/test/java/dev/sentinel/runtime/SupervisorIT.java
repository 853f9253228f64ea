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

  /**
   * Part (c) of the fault harness for the supervisor: one supervisor runs while a stack whose three
   * replicas are made unhealthy after each up (their health file removed; a restart makes it again)
   * is brought up and down again and again. After each down it keeps no record of the removed containers, and the heap in use
   * after a full GC does not grow. CI runs 5 cycles; {@code -Dsentinel.harness.superviseCycles=N} more.
   */
  @Test
  void aLongRunningSupervisorForgetsRemovedContainersAndItsHeapStaysFlatOverManyCycles() throws Exception {
    int cycles = Integer.getInteger("sentinel.harness.superviseCycles", 5);
    StackSpec flapping = Stack.define(name, s -> s
        .service("flaky", a -> a.image(TestImages.busybox()).command("sh", "-c", "touch /tmp/ok; exec sleep 3600")
            .init().replicas(3).healthCheck(h -> h.shell("test -f /tmp/ok").every("200ms").retries(1)).stopGracePeriod("1s"))
        .service("steady", a -> a.image(TestImages.busybox()).command("sleep", "3600").init().stopGracePeriod("1s"))).base();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(SupervisorIT.class));
    EngineTarget target = EngineTarget.on(engine);
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    java.util.List<Long> heap = new java.util.ArrayList<>();
    try (Supervisor supervisor = Supervisor.start(engine, name, Supervisor.Options.defaults().withUnhealthyFor(Duration.ofMillis(500))
        .withCheckEvery(Duration.ofMillis(100)).withAuditLog(options.auditLog()))) {
      for (int cycle = 0; cycle < cycles; cycle++) {
        int before = supervisor.restarts();
        target.apply(flapping, options);
        for (int replica = 1; replica <= 3; replica++) {
          Exec.run(name + "-flaky-" + replica, "0", "rm", "/tmp/ok");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (supervisor.restarts() < before + 3) {
          assertThat(System.nanoTime()).as("cycle %s: restarts %s", cycle, supervisor.restarts() - before).isLessThan(deadline);
          Thread.sleep(100);
        }
        assertThat(supervisor.watchedContainers()).as("cycle %s, while up", cycle).isBetween(1, 3);
        target.down(flapping, DownOptions.removeVolumesToo(), options);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (supervisor.watchedContainers() > 0) {
          assertThat(System.nanoTime()).as("cycle %s: records of removed containers kept", cycle).isLessThan(deadline);
          Thread.sleep(100);
        }
        System.gc();
        System.gc();
        heap.add(memory.getHeapMemoryUsage().getUsed());
      }
      long first = heap.get(0);
      long last = heap.get(heap.size() - 1);
      System.out.printf("supervise soak: %d cycles, %d restarts, heap in use after GC %s KiB (first) .. %s KiB (last), all (KiB): %s%n", cycles,
          supervisor.restarts(), first >> 10, last >> 10, heap.stream().map(b -> (b >> 10) + "").toList());
      assertThat(last - first).as("heap growth over %s cycles, bytes", cycles).isLessThan(16L << 20);
    }
  }

  private void awaitHealth(String container, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!status.equals(docker.inspectContainerCmd(container).exec().getState().getHealth().getStatus())) {
      assertThat(System.nanoTime()).as("%s did not become %s", container, status).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
