package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.dsl.secret.FileSecretStore;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret values stay in their files: with recognisable values for a secret from the host's
 * environment, one from a file and a generated one, everything the engine and Sentinel hold about
 * the applied stack is gathered — every container's full inspect (labels, the spec label included,
 * env, command), the networks' and volumes' inspect, the plans, the status, the progress events,
 * the audit log, every exported Compose file and every state file that is not a secret file — and
 * none may contain a value. The same search finds each value in the container's own secret file,
 * so it is a search that can succeed.
 */
class SecretLeakIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("leak");
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final String fromEnvironment = canary("env");
  private final String fromFile = canary("file");

  @TempDir Path state;
  @TempDir Path files;

  private static String canary(String kind) {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return "CANARY-" + kind + "-" + HexFormat.of().formatHex(random);
  }

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state)
        .withSecretStore(FileSecretStore.at(state.resolve("secrets"), Map.of("LEAK_TOKEN", fromEnvironment)))
        .withExtraLabels(TestObjects.labels(SecretLeakIT.class))
        .withServiceTimeout(Duration.ofSeconds(30))
        .withListener(events::add);
  }

  private Stack stack() throws Exception {
    Path keyFile = Files.writeString(files.resolve("api.key"), fromFile);
    String image = TestImages.busybox();
    return Stack.define(name, s -> s
        .network("backend", n -> n.internal())
        .volume("data")
        .secret("token", x -> x.fromEnvironment("LEAK_TOKEN"))
        .secret("api-key", x -> x.fromFile(keyFile.toString()))
        .secret("db-password", x -> x.generated(40))
        // Not read-only: an environment-sourced secret is written into the container (as Compose does).
        .service("app", app -> app.image(image).command("sh", "-c", "exec sleep 3600").init()
            .user(10001, 10001)
            .network("backend").mountVolume("data", "/data")
            .secret("token").secret("api-key").secret("db-password")
            .envSecretFile("TOKEN_FILE", "token").envSecretFile("API_KEY_FILE", "api-key")
            .envSecretFile("DB_PASSWORD_FILE", "db-password")
            .healthCheck(h -> h.command("true").every("300ms"))
            .stopGracePeriod("1s")));
  }

  @AfterEach
  void removeTheStack() throws Exception {
    try {
      target.down(stack().base(), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void noSecretValueAppearsInAnythingTheEngineOrSentinelHoldsButTheSecretFiles() throws Exception {
    Stack stack = stack();
    StackSpec spec = stack.base();
    Plan applied = target.apply(spec, options());
    String generated = new String(options().secretStore().value(name, spec.secrets().get("db-password")), StandardCharsets.US_ASCII);
    Map<String, String> values = Map.of("token", fromEnvironment, "api-key", fromFile, "db-password", generated);

    // The search can succeed: each value is in the file its container reads.
    for (Map.Entry<String, String> secret : values.entrySet()) {
      assertThat(Exec.run(name + "-app-1", "10001:10001", "cat", "/run/secrets/" + secret.getKey())).isEqualTo(secret.getValue());
    }

    Map<String, String> held = new LinkedHashMap<>();
    for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()) {
      held.put("inspect of container " + c.getNames()[0], JSON.writeValueAsString(docker.inspectContainerCmd(c.getId()).exec()));
    }
    assertThat(held).as("containers found").hasSize(1);
    held.put("inspect of network backend", JSON.writeValueAsString(docker.inspectNetworkCmd().withNetworkId(name + "_backend").exec()));
    held.put("inspect of volume data", JSON.writeValueAsString(docker.inspectVolumeCmd(name + "_data").exec()));
    held.put("plan of the apply (text)", applied.toText());
    held.put("plan of the apply (JSON)", applied.toJson());
    Plan again = target.plan(spec, options());
    held.put("plan after it (text)", again.toText());
    held.put("plan after it (JSON)", again.toJson());
    held.put("status (text)", target.status(name).toText());
    held.put("status (JSON)", target.status(name).toJson());
    held.put("progress events", events.toString());
    Path exported = Files.createDirectory(files.resolve("compose"));
    for (Path file : ComposeExporter.create().writeTo(stack, exported)) {
      held.put("exported " + file.getFileName(), Files.readString(file));
    }
    List<Path> secretFiles = new ArrayList<>();
    try (Stream<Path> all = Files.walk(state)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        // The store's files and the files bind-mounted into the container are where values belong.
        if (state.relativize(file).toString().contains("secrets/")) {
          secretFiles.add(file);
        } else {
          held.put("state file " + state.relativize(file), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertThat(held.keySet()).as("the audit log is among what is searched").contains("state file audit.log");
    assertThat(secretFiles).as("secret files").isNotEmpty();

    for (Map.Entry<String, String> secret : values.entrySet()) {
      for (Map.Entry<String, String> place : held.entrySet()) {
        assertThat(place.getValue()).as("%s holds the value of secret %s", place.getKey(), secret.getKey())
            .doesNotContain(secret.getValue());
      }
    }
  }

  /**
   * Secret files come through the engine, not through a path of the machine that runs Sentinel (so
   * a remote engine works): the container's mounts, from the engine's inspect, have no source under
   * the state directory; the file is readable by the service's user and by no other; a rotated
   * value reaches the container; a named user's file is owned by the uid its image gives it; down
 * leaves no volume or container that held a secret.
   */
  @Test
  void secretFilesComeThroughTheEngineReadableByTheServiceUserOnlyAndDownLeavesNoneBehind() throws Exception {
    // One more service, running as a user the image names ("app", uid 10001 in its /etc/passwd).
    StackSpec spec = stack().resolve(java.util.Optional.empty(), s -> s.service("named", n -> n.image(TestImages.busybox())
        .command("sh", "-c", "exec sleep 3600").init().user("app").secret("token").stopGracePeriod("1s")));
    target.apply(spec, options());
    String container = name + "-app-1";
    assertThat(Exec.run(name + "-named-1", "", "stat", "-c", "%a %u:%g", "/run/secrets/token").strip())
        .as("owned by the uid the image gives the named user").isEqualTo("400 10001:10001");
    assertThat(Exec.run(name + "-named-1", "", "cat", "/run/secrets/token")).isEqualTo(fromEnvironment);

    var mounts = docker.inspectContainerCmd(container).exec().getMounts();
    assertThat(mounts).extracting(m -> String.valueOf(m.getSource())).noneMatch(source -> source.startsWith(state.toString()))
        .anyMatch(source -> source.matches(".*/volumes/" + name + "_files_app_[0-9a-f]{12}/_data/secrets/db-password"));
    assertThat(Files.exists(state.resolve("run"))).as("no secret or config files on this machine").isFalse();
    assertThat(Exec.run(container, "10001:10001", "cat", "/run/secrets/token")).isEqualTo(fromEnvironment);
    assertThat(Exec.run(container, "10002:10002", "cat", "/run/secrets/token")).contains("Permission denied");
    assertThat(Exec.run(container, "10001:10001", "stat", "-c", "%a %u:%g", "/run/secrets/token").strip()).isEqualTo("400 10001:10001");

    String before = Exec.run(container, "10001:10001", "cat", "/run/secrets/db-password");
    options().secretStore().rotate(name, spec.secrets().get("db-password"));
    Plan rotated = target.apply(spec, options());
    assertThat(rotated.changes()).extracting(PlannedAction::name).contains(container);
    String after = Exec.run(container, "10001:10001", "cat", "/run/secrets/db-password");
    assertThat(after).hasSize(40).isNotEqualTo(before)
        .isEqualTo(new String(options().secretStore().value(name, spec.secrets().get("db-password")), StandardCharsets.US_ASCII));

    target.down(spec, DownOptions.keepVolumes(), options());
    var volumes = docker.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + name)).exec().getVolumes();
    assertThat(volumes == null ? List.<String>of() : volumes.stream().map(v -> v.getName()).toList())
        .as("volumes left by a down that keeps data").containsExactly(name + "_data");
    assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", name)).exec()).isEmpty();
  }
}
