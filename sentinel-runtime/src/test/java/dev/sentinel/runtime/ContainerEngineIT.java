package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.SwarmCluster;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote engine that shares nothing with this machine: its own dockerd in a container (a {@link
 * SwarmCluster} node without a swarm), reached over TCP. Unlike a second dockerd on this host, a
 * path of this machine does not exist there, so a stack that ran only because a host path happened
 * to resolve would fail here. Secrets, a config and a secret file reach the container through the
 * engine; no mount's source exists on this machine; re-planning is a no-op; down leaves nothing.
 */
class ContainerEngineIT {
  private static SwarmCluster engines;

  @TempDir Path state;

  @BeforeAll
  static void startTheEngine() {
    engines = SwarmCluster.start("remote", 1, 0);
    engines.load(TestImages.busybox());
  }

  @AfterAll
  static void removeTheEngine() {
    if (engines != null) {
      engines.close();
    }
  }

  @Test
  void secretsAndConfigsReachAContainerOnAnEngineThatSharesNoFilesystemAndNoMountComesFromThisMachine() throws Exception {
    String name = TestObjects.uniqueName("far");
    Path keyFile = Files.writeString(state.resolve("api.key"), "key-from-a-file-on-this-machine\n");
    StackSpec spec = Stack.define(name, s -> s
        .secret("db-password", x -> x.generated(32))
        .secret("api-key", x -> x.fromFile(keyFile.toString()))
        .config("app", c -> c.content("mode = far\n"))
        .volume("data")
        .service("app", a -> a.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init().user(10001, 10001)
            .secret("db-password").secret("api-key").config("app", "/etc/app.conf").mountVolume("data", "/data")
            .healthCheck(h -> h.shell("test -s /run/secrets/db-password && test -s /run/secrets/api-key").every("300ms"))
            .stopGracePeriod("1s"))).base();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state.resolve("state")).withServiceTimeout(Duration.ofSeconds(60));
    DockerClient far = engines.node(0).client();
    try (Engine engine = engines.engine(0)) {
      EngineTarget target = EngineTarget.on(engine);
      long t0 = System.nanoTime();
      target.apply(spec, options);
      System.out.printf("engine in a container over TCP: up of 1 service with 2 secrets, a config and a volume, healthy: %.0f ms (in process)%n",
          (System.nanoTime() - t0) / 1e6);
      String password = new String(options.secretStore().value(name, spec.secrets().get("db-password")), StandardCharsets.US_ASCII);
      String container = name + "-app-1";
      assertThat(far.inspectContainerCmd(container).exec().getState().getHealth().getStatus()).isEqualTo("healthy");
      assertThat(Exec.run(far, container, "", "cat", "/run/secrets/db-password")).isEqualTo(password);
      assertThat(Exec.run(far, container, "", "cat", "/run/secrets/api-key")).isEqualTo("key-from-a-file-on-this-machine\n");
      assertThat(Exec.run(far, container, "", "cat", "/etc/app.conf")).isEqualTo("mode = far\n");
      List<String> sources = far.inspectContainerCmd(container).exec().getMounts().stream().map(m -> String.valueOf(m.getSource())).toList();
      assertThat(sources).isNotEmpty().allSatisfy(source -> assertThat(Path.of(source)).as("mount source %s on this machine", source).doesNotExist());
      assertThat(target.plan(spec, options).isNoOp()).as(target.plan(spec, options).toText()).isTrue();
      target.down(spec, DownOptions.removeVolumesToo(), options);
    }
    assertThat(far.listContainersCmd().withShowAll(true).exec()).isEmpty();
    var volumes = far.listVolumesCmd().exec().getVolumes();
    assertThat(volumes == null ? List.of() : volumes).as("volumes left on the far engine").isEmpty();
  }
}
