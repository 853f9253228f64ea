package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.PrivateEngine;
import dev.sentinel.testing.SshServer;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine reached over TCP with TLS (a private dockerd with a CA, server and client certificate
 * made by the test): a stack with secrets and a config runs there with nothing written on this
 * machine, and the engine is found the way the Docker CLI finds it — checked against the Docker
 * CLI's own answers ({@code docker context inspect}, {@code docker version} through the context).
 */
class RemoteEngineIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PrivateEngine remote;

  @TempDir Path state;
  @TempDir Path dockerConfig;

  @BeforeAll
  static void startTheEngine() throws Exception {
    remote = PrivateEngine.startWithTls();
  }

  @AfterAll
  static void removeTheEngine() throws Exception {
    if (remote != null) {
      remote.close();
    }
  }

  @Test
  void aStackWithSecretsAndAConfigRunsOverTlsWithNothingOnThisMachineAndDownLeavesNothing() throws Exception {
    runsWithSecretsAndLeavesNothing(remote.tlsEndpoint(), "tcp+tls");
  }

  @Test
  void theSameStackRunsOverSshThroughDockerSystemDialStdio() throws Exception {
    try (SshServer ssh = SshServer.start(remote.address())) {
      System.setProperty("sentinel.ssh.options", ssh.clientOptions());
      try {
        runsWithSecretsAndLeavesNothing(EngineEndpoint.of(ssh.address()), "ssh");
      } finally {
        System.clearProperty("sentinel.ssh.options");
      }
    }
  }

  private void runsWithSecretsAndLeavesNothing(EngineEndpoint endpoint, String how) throws Exception {
    String name = TestObjects.uniqueName("remote");
    StackSpec spec = Stack.define(name, s -> s
        .secret("db-password", x -> x.generated(32))
        .config("app", c -> c.content("mode = remote\n"))
        .service("app", a -> a.image(TestImages.busybox()).command("sh", "-c", "exec sleep 3600").init().user(10001, 10001)
            .secret("db-password").config("app", "/etc/app.conf")
            .healthCheck(h -> h.shell("test -s /run/secrets/db-password").every("300ms")).stopGracePeriod("1s"))).base();
    ApplyOptions options = ApplyOptions.defaults().withStateDirectory(state).withServiceTimeout(Duration.ofSeconds(30));
    DockerClient check = remote.client();
    try (Engine engine = Engine.at(endpoint)) {
      EngineTarget target = EngineTarget.on(engine);
      long t0 = System.nanoTime();
      target.apply(spec, options);
      System.out.printf("remote up over %s (1 service with a secret and a config, healthy): %.0f ms (in process)%n", how,
          (System.nanoTime() - t0) / 1e6);
      String password = new String(options.secretStore().value(name, spec.secrets().get("db-password")), StandardCharsets.US_ASCII);

      String container = name + "-app-1";
      assertThat(check.inspectContainerCmd(container).exec().getState().getHealth().getStatus()).isEqualTo("healthy");
      assertThat(Exec.run(check, container, "", "cat", "/run/secrets/db-password")).isEqualTo(password);
      assertThat(Exec.run(check, container, "", "cat", "/etc/app.conf")).isEqualTo("mode = remote\n");
      assertThat(check.inspectContainerCmd(container).exec().getMounts()).extracting(m -> String.valueOf(m.getSource()))
          .allMatch(source -> !source.startsWith(state.toString()), "no mount from this machine's state directory");
      assertThat(Files.exists(state.resolve("run"))).isFalse();

      target.down(spec, DownOptions.removeVolumesToo(), options);
    }
    assertThat(check.listContainersCmd().withShowAll(true).exec()).isEmpty();
    var volumes = check.listVolumesCmd().exec().getVolumes();
    assertThat(volumes == null ? List.of() : volumes).as("volumes left on the remote engine").isEmpty();
  }

  @Test
  void withoutTheClientCertificateTheEngineIsNotReachedAndTheMessageSaysWhere() {
    URI address = remote.tlsEndpoint().address();
    try (Engine plain = Engine.at(address)) {
      assertThatThrownBy(plain::ping).isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("no Docker engine answers at " + address)
          .hasMessageContaining("--context");
    }
  }

  @Test
  void aContextMadeByTheDockerCliResolvesToTheEndpointTheCliReportsAndReachesTheSameEngine() throws Exception {
    Path certs = remote.clientCertificates();
    docker("context", "create", "sentinel-tls", "--docker", "host=" + remote.tlsEndpoint().address() + ",ca=" + certs.resolve("ca.pem")
        + ",cert=" + certs.resolve("cert.pem") + ",key=" + certs.resolve("key.pem"));
    docker("context", "use", "sentinel-tls");
    JsonNode inspected = JSON.readTree(docker("context", "inspect", "sentinel-tls")).get(0);

    Map<String, String> environment = new HashMap<>();
    environment.put("DOCKER_CONFIG", dockerConfig.toString());
    EngineEndpoint resolved = EngineEndpoint.resolve(environment, Optional.empty(), Optional.empty());
    assertThat(resolved.address().toString()).isEqualTo(inspected.at("/Endpoints/docker/Host").asText());
    assertThat(resolved.source()).isEqualTo("context \"sentinel-tls\" (the current Docker context)");
    Path tls = resolved.tlsDirectory().orElseThrow();
    assertThat(Path.of(inspected.at("/Storage/TLSPath").asText()).resolve("docker")).isEqualTo(tls);
    assertThat(Files.readString(tls.resolve("ca.pem"))).isEqualTo(Files.readString(certs.resolve("ca.pem")));

    String cliServerVersion = docker("version", "--format", "{{.Server.Version}}").strip();
    try (Engine engine = Engine.at(resolved)) {
      assertThat(engine.ping().version()).isEqualTo(cliServerVersion);
    }
    // --context and DOCKER_HOST with DOCKER_TLS_VERIFY name the same engine; --host wins over both.
    assertThat(EngineEndpoint.resolve(Map.of("DOCKER_CONFIG", dockerConfig.toString()), Optional.empty(), Optional.of("sentinel-tls")))
        .isEqualTo(new EngineEndpoint(resolved.address(), resolved.tlsDirectory(), "context \"sentinel-tls\""));
    EngineEndpoint fromEnvironment = EngineEndpoint.resolve(Map.of("DOCKER_HOST", resolved.address().toString(), "DOCKER_TLS_VERIFY", "1",
        "DOCKER_CERT_PATH", certs.toString(), "DOCKER_CONFIG", dockerConfig.toString()), Optional.empty(), Optional.empty());
    try (Engine engine = Engine.at(fromEnvironment)) {
      assertThat(engine.ping().version()).isEqualTo(cliServerVersion);
    }
    assertThat(EngineEndpoint.resolve(environment, Optional.of("unix:///elsewhere.sock"), Optional.of("sentinel-tls")).address())
        .hasToString("unix:///elsewhere.sock");
    assertThatThrownBy(() -> EngineEndpoint.resolve(environment, Optional.empty(), Optional.of("no-such-context")))
        .hasMessageContaining("Docker context \"no-such-context\" (from --context) does not exist");
  }

  /** The Docker CLI with this test's own configuration directory, so the developer's contexts are untouched. */
  private String docker(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    builder.environment().remove("DOCKER_HOST");
    builder.environment().remove("DOCKER_CONTEXT");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker %s: %s", String.join(" ", args), err).isZero();
    return out;
  }
}
