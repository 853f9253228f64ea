package dev.sentinel.examples.ats;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.backup.BackupOptions;
import dev.sentinel.backup.BackupResult;
import dev.sentinel.backup.RestoreOptions;
import dev.sentinel.backup.RestoreResult;
import dev.sentinel.backup.VolumeBackup;
import dev.sentinel.backup.VolumeManifest;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.DownOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineEndpoint;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.StackStatus;
import dev.sentinel.runtime.internal.Images;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.SwarmCluster;
import dev.sentinel.testing.SshServer;
import dev.sentinel.testing.TestEngine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ATS stack (development environment) on a remote engine: a dockerd in a container of its own
 * ({@link SwarmCluster#startTlsEngine}: it shares no filesystem with this machine), reached over TCP
 * with TLS verifying both sides, and through ssh ({@code docker system dial-stdio} on the ssh server's
 * side, which reaches the engine with the same TLS). Healthy there, the
 * Redis password readable inside by the redis user and by no other, no mount from this machine;
 * logs, a verified backup and its restore over the same connection; nothing left after down. The images are built on the developer's engine and loaded into the
 * remote one (it has no network to build them).
 */
class AtsRemoteEngineIT {
  static {
    System.setProperty(AtsStack.IMAGES_PROPERTY, "images");
  }

  private static SwarmCluster remote;

  @TempDir Path state;

  @BeforeAll
  static void startTheRemoteEngineWithTheImages() throws Exception {
    remote = SwarmCluster.startTlsEngine("ats-remote");
    StackSpec spec = ats();
    DockerClient local = TestEngine.client();
    DockerClient far = remote.node(0).client();
    for (Service s : spec.enabledServices(java.util.Set.of()).values()) {
      String image = Images.ensure(local, spec.name(), s, line -> {}, () -> {});
      try (InputStream saved = local.saveImageCmd(Images.reference(spec.name(), s)).exec()) {
        far.loadImageCmd(saved).exec();
      }
      assertThat(Images.localId(far, Images.reference(spec.name(), s))).as(s.name()).contains(image);
    }
  }

  /** The development environment with random host ports (on the remote engine's own loopback). */
  private static StackSpec ats() {
    return new AtsStack().define().resolve(java.util.Optional.of("development"), s -> s
        .service("orchestrator", o -> o.removePort(8080).port("127.0.0.1::8080"))
        .service("prometheus", p -> p.removePort(9090).port("127.0.0.1::9090")));
  }

  @AfterAll
  static void removeTheRemoteEngine() {
    if (remote != null) {
      remote.close();
    }
  }

  @Test
  void overTcpWithTls() throws Exception {
    upCheckedAndDown(remote.node(0).endpoint(), "tcp+tls");
  }

  @Test
  void overSsh() throws Exception {
    try (SshServer ssh = SshServer.start(remote.node(0).endpoint())) {
      System.setProperty("sentinel.ssh.options", ssh.clientOptions());
      try {
        upCheckedAndDown(EngineEndpoint.of(ssh.address()), "ssh");
      } finally {
        System.clearProperty("sentinel.ssh.options");
      }
    }
  }

  private void upCheckedAndDown(EngineEndpoint endpoint, String how) throws Exception {
    StackSpec spec = ats();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withServiceTimeout(Duration.ofMinutes(3))
        .withApplyTimeout(Duration.ofMinutes(5));
    DockerClient far = remote.node(0).client();
    try (Engine engine = Engine.at(endpoint)) {
      EngineTarget target = EngineTarget.on(engine);
      try {
        upAndChecked(target, spec, options, far, how);
        logsBackupAndRestore(engine, target, spec, far, how);
      } finally {
        target.down(spec, DownOptions.removeVolumesToo(), options);
      }
    }
    assertThat(far.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.sentinel.stack", spec.name())).exec()).isEmpty();
    var volumes = far.listVolumesCmd().withFilter("label", List.of("dev.sentinel.stack=" + spec.name())).exec().getVolumes();
    assertThat(volumes == null ? List.of() : volumes).as("volumes left on the remote engine").isEmpty();
  }

  /** The day-2 commands over the same connection: logs, a backup (verified) and its restore into a new volume there. */
  private void logsBackupAndRestore(Engine engine, EngineTarget target, StackSpec spec, DockerClient far, String how) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    target.logs(spec.name(), "orchestrator", 50, false, lines::add);
    assertThat(lines).anyMatch(line -> line.contains("listening on 8080"));

    String redisData = spec.volumeEngineName("redis-data");
    VolumeBackup backups = VolumeBackup.on(engine);
    long t0 = System.nanoTime();
    BackupResult backup = backups.backup(spec, Files.createDirectories(state.resolve("backups-" + how)), BackupOptions.defaults());
    System.out.printf("ATS backup of its volumes from a remote engine over %s: %.1f s (in process)%n", how, (System.nanoTime() - t0) / 1e9);
    assertThat(VolumeBackup.verify(backup.archive()).volumes()).extracting(VolumeManifest::name).contains(redisData);

    String copy = redisData + "-restored-" + how.replace('+', '-');
    RestoreResult restored = backups.restore(backup.archive(), RestoreOptions.defaults().only(java.util.Set.of(redisData)).rename(redisData, copy));
    try {
      assertThat(restored.created()).containsExactly(copy);
      assertThat(far.inspectVolumeCmd(copy).exec().getName()).isEqualTo(copy);
    } finally {
      far.removeVolumeCmd(copy).exec();
    }
  }

  private void upAndChecked(EngineTarget target, StackSpec spec, ApplyOptions options, DockerClient far, String how) throws Exception {
    long t0 = System.nanoTime();
    target.apply(spec, options);
    System.out.printf("ATS development up on a remote engine over %s: %.1f s (in process, images present)%n", how,
        (System.nanoTime() - t0) / 1e9);
    StackStatus status = target.status(spec.name());
    assertThat(status.allReady()).as(status.toText()).isTrue();

    String password = new String(options.secretStore().value(spec.name(), spec.secrets().get("redis-password")), StandardCharsets.US_ASCII);
    String redis = spec.name() + "-redis-1";
    assertThat(Exec.run(far, redis, "redis", "cat", "/run/secrets/redis-password")).isEqualTo(password);
    assertThat(Exec.run(far, redis, "nobody", "cat", "/run/secrets/redis-password")).contains("Permission denied");
    assertThat(far.inspectContainerCmd(redis).exec().getMounts()).extracting(m -> String.valueOf(m.getSource()))
        .noneMatch(source -> source.startsWith(state.toString()));
    assertThat(Files.exists(state.resolve("run"))).as("secret files on this machine").isFalse();
  }
}
