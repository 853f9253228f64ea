package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.testing.TestEngine;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reuse: a stack left running is attached to, untouched, by the next start of the same definition,
 * and never by another definition. Each test's definition carries a random label, so its stacks
 * are its own; they are removed by name afterwards.
 */
class ReuseIT {
  private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  @AfterEach
  void removeThisTestsStacks() {
    System.clearProperty("sentinel.reuse");
    SentinelStackContainer.removeReusedStacks(created::contains);
    created.forEach(name -> assertThat(StackObjects.of(name)).as(name).isEmpty());
  }

  private SentinelStackContainer reusable() {
    return reusable(run);
  }

  static SentinelStackContainer reusable(String run) {
    return WebStack.container().withLabel("dev.sentinel.test-run", run).withReuse();
  }

  /**
   * Reuse across JVMs: the definition key must not depend on anything of one JVM (identity hashes,
   * lambda class names), and the generated secrets must be found again.
   */
  @Test
  void aStackLeftByAnotherJvmIsAttachedToWithoutRestartingAnything() throws Exception {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"),
        ReuseFromAnotherJvm.class.getName(), run).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(child.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    String name = output.lines().filter(l -> l.startsWith("stack=")).map(l -> l.substring(6)).findFirst().orElseThrow();
    created.add(name);
    Map<String, String> before = startTimes(name);
    assertThat(before).as("the other JVM's stack is still running").hasSize(2);

    try (SentinelStackContainer here = reusable()) {
      here.start();
      assertThat(here.getStackName()).isEqualTo(name);
    }
    assertThat(startTimes(name)).as("attaching from this JVM touched nothing").isEqualTo(before);
  }

  @Test
  void aReusedStackOutlivesStopAndTheSameDefinitionAttachesWithoutRestartingAnything() {
    Map<String, String> before;
    String name;
    try (SentinelStackContainer first = reusable()) {
      first.start();
      assertThat(first.isReused()).isTrue();
      name = first.getStackName();
      created.add(name);
      before = startTimes(name);
    }
    assertThat(before).hasSize(2);
    assertThat(startTimes(name)).as("still running, not restarted, after stop").isEqualTo(before);

    long t0 = System.nanoTime();
    try (SentinelStackContainer second = reusable()) {
      second.start();
      System.out.printf("reused start of a healthy 2-service stack: %.0f ms (in process)%n", (System.nanoTime() - t0) / 1e6);
      assertThat(second.getStackName()).isEqualTo(name);
      assertThat(second.status().allReady()).isTrue();
      assertThat(second.service("web").getContainerId()).isEqualTo(containerIds(name).get("web"));
    }
    assertThat(startTimes(name)).as("the second start touched nothing").isEqualTo(before);
    assertThat(StackObjects.of(name)).anyMatch(o -> o.startsWith("container "));

    assertThat(SentinelStackContainer.removeReusedStacks(n -> n.equals(name))).containsExactly(name);
    assertThat(StackObjects.of(name)).isEmpty();
  }

  @Test
  void anotherDefinitionGetsAStackOfItsOwnInsteadOfAttaching() {
    try (SentinelStackContainer original = reusable();
        SentinelStackContainer changed = reusable().withOverride(s -> s.service("web", w -> w.env("MESSAGE", "changed")))) {
      original.start();
      created.add(original.getStackName());
      changed.start();
      created.add(changed.getStackName());
      assertThat(changed.getStackName()).startsWith("web-r").isNotEqualTo(original.getStackName());
      assertThat(changed.service("web").getContainerId()).isNotEqualTo(original.service("web").getContainerId());
    }
  }

  @Test
  void reuseSwitchedOffByThePropertyGivesAFreshStackThatStopRemoves() {
    System.setProperty("sentinel.reuse", "false");
    String name;
    try (SentinelStackContainer stack = reusable()) {
      stack.start();
      assertThat(stack.isReused()).isFalse();
      name = stack.getStackName();
      assertThat(name).doesNotStartWith("web-r");
    }
    assertThat(StackObjects.of(name)).isEmpty();
  }

  private static Map<String, String> startTimes(String stack) {
    Map<String, String> times = new LinkedHashMap<>();
    DockerClient docker = TestEngine.client();
    docker.listContainersCmd().withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec().forEach(c -> {
      var inspect = docker.inspectContainerCmd(c.getId()).exec();
      times.put(c.getId(), inspect.getState().getStartedAt() + " running=" + inspect.getState().getRunning());
    });
    return times;
  }

  private static Map<String, String> containerIds(String stack) {
    Map<String, String> ids = new LinkedHashMap<>();
    TestEngine.client().listContainersCmd().withLabelFilter(Map.of("dev.sentinel.stack", stack)).exec()
        .forEach(c -> ids.put(c.getLabels().get("dev.sentinel.service"), c.getId()));
    return ids;
  }
}
