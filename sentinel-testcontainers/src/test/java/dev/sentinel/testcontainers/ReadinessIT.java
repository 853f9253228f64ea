package dev.sentinel.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sentinel.dsl.Readiness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;

/** Readiness conditions added by a test ({@code withReadiness}), checked by the apply, and their failures, against the web stack. */
class ReadinessIT {
  @Test
  void httpTcpLogAndCommandStrategiesPassOnAReadyStackAndAnyOfNeedsOnlyOne() {
    try (SentinelStackContainer stack = WebStack.container()
        .withOverride(s -> s.service("job", j -> j.image(dev.sentinel.testing.TestImages.busybox()).command("sh", "-c", "sleep 1; exit 0")
            .restart(dev.sentinel.dsl.RestartPolicy.no())))
        .withReadiness("job", Readiness.completed())
        .withReadiness("web", Readiness.http(8080, "/").status(200).bodyContains("hello-from-web"))
        .withReadiness("web", Readiness.anyOf(Readiness.logLine("this line never appears").within(Duration.ofSeconds(1)), Readiness.tcp(8080)))
        .withReadiness("backend", Readiness.allOf(Readiness.command("test", "-d", "/tmp/www"), Readiness.logLine("response:200$", 2)))) {
      stack.start();
      assertThat(stack.service("job").inspectState().getExitCodeLong()).as("the one-shot job ran to completion").isZero();
      assertThat(stack.service("backend").getLogs().stream().filter(l -> l.endsWith("response:200")).count()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aStrategyThatNeverHoldsFailsStartNamingItWhatItSawAndTheLogsAndLeavesNothing() {
    SentinelStackContainer stack = WebStack.container()
        .withReadiness("web", Readiness.allOf(Readiness.tcp(8080), Readiness.http(8080, "/").bodyContains("goodbye").within(Duration.ofSeconds(2))));
    Throwable thrown = catchThrowable(stack::start);
    assertThat(thrown).isInstanceOf(ContainerLaunchException.class)
        .hasMessageContaining("service \"web\" was not ready: all of (tcp port 8080 accepting connections; http GET :8080/ answering 2xx with \"goodbye\" in the body)")
        .hasMessageContaining("timed out after 2s")
        .hasMessageContaining("answered 200 \"hello-from-web\"")
        .hasMessageContaining("last log lines:");
    String name = StackObjects.namedIn(thrown);
    assertThat(name).startsWith("web-");
    assertThat(StackObjects.of(name)).isEmpty();
  }

  @Test
  void aCommandThatFailsShowsItsExitCodeAndOutput() {
    SentinelStackContainer stack = WebStack.container()
        .withReadiness("backend", Readiness.command("sh", "-c", "echo not-yet >&2; exit 3").within(Duration.ofSeconds(1)));
    assertThat(catchThrowable(stack::start)).isInstanceOf(ContainerLaunchException.class)
        .hasMessageContaining("command [sh, -c, echo not-yet >&2; exit 3] exiting with 0")
        .hasMessageContaining("exited with 3: \"not-yet\"");
  }

  @Test
  void aOneShotServiceThatExitsNonZeroFailsAtOnceInsteadOfWaiting() {
    SentinelStackContainer stack = WebStack.container()
        .withOverride(s -> s.service("job", j -> j.image(dev.sentinel.testing.TestImages.busybox()).command("sh", "-c", "sleep 2; exit 4")
            .restart(dev.sentinel.dsl.RestartPolicy.no())))
        .withReadiness("job", Readiness.completed())
        .withStartupTimeout(Duration.ofMinutes(1));
    long t0 = System.nanoTime();
    Throwable thrown = catchThrowable(stack::start);
    assertThat(thrown).isInstanceOf(ContainerLaunchException.class).hasMessageContaining("service \"job\"")
        .hasMessageContaining("was not ready: exit with code 0").hasMessageContaining("last seen: exited with code 4");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not the minute of the timeout").isLessThan(Duration.ofSeconds(50));
  }
}
