package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import dev.sentinel.runtime.ContainerStatus;
import dev.sentinel.runtime.HealthProbe;
import dev.sentinel.runtime.internal.DetailedPlan.ExistingContainer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine reads done as JSON trees ({@link EngineJson}), against an engine that answers
 * hand-written JSON of the shape Docker 20.10 answers: the paths asked for, and what status,
 * listing and image lookup make of the answers.
 */
class EngineJsonTest {
  private final FakeEngine engine = new FakeEngine();
  private final Map<String, String> answers = engine.answers;
  private final Map<String, Integer> statuses = engine.statuses;
  private final List<String> asked = engine.asked;
  private final DockerClient docker = engine.client;

  @Test
  void theListingAsksForTheStacksLabelAndReadsIdNameServiceReplicaStateAndSpec() {
    String path = "/containers/json?all=1&filters=%7B%22label%22%3A%5B%22dev.sentinel.stack%3Dshop%22%5D%7D";
    answers.put(path, """
        [{"Id":"aaa","Names":["/shop-web-2"],"State":"running",
          "Labels":{"dev.sentinel.stack":"shop","dev.sentinel.service":"web","dev.sentinel.replica":"2",
                    "dev.sentinel.config-hash":"h1","dev.sentinel.spec":"{\\"image\\":\\"x\\"}"}},
         {"Id":"bbb","Names":["/shop-web-1-previous"],"State":"exited","Labels":{"dev.sentinel.stack":"shop","dev.sentinel.replica":"x"}}]
        """);
    List<ExistingContainer> found = new Planner(docker).existingContainers("shop");
    assertThat(URLDecoder.decode(path.substring(path.indexOf("filters=") + 8), StandardCharsets.UTF_8))
        .isEqualTo("{\"label\":[\"dev.sentinel.stack=shop\"]}");
    assertThat(asked).containsExactly("GET " + path);
    assertThat(found).containsExactly(
        new ExistingContainer("aaa", "shop-web-2", "web", 2, "running", "h1", "{\"image\":\"x\"}"),
        new ExistingContainer("bbb", "shop-web-1-previous", "", 0, "exited", "", ""));
  }

  @Test
  void networkAndVolumeListingsAskForTheLabelAndTheVolumesAreTheAnswersVolumesArray() {
    String networks = "/networks?filters=%7B%22label%22%3A%5B%22dev.sentinel.stack%3Dshop%22%5D%7D";
    String volumes = "/volumes?filters=%7B%22label%22%3A%5B%22dev.sentinel.stack%3Dshop%22%5D%7D";
    answers.put(networks, "[{\"Name\":\"shop_front\",\"Id\":\"n1\",\"Driver\":\"bridge\"}]");
    answers.put(volumes, "{\"Volumes\":[{\"Name\":\"shop_data\",\"Labels\":{\"dev.sentinel.stack\":\"shop\"}}],\"Warnings\":null}");
    answers.put("/networks/shop%2Fodd", "{\"Name\":\"shop/odd\",\"Containers\":{}}");

    assertThat(EngineJson.networksLabelled(docker, "dev.sentinel.stack", "shop")).extracting(n -> n.path("Id").asText()).containsExactly("n1");
    assertThat(EngineJson.volumesLabelled(docker, "dev.sentinel.stack", "shop")).extracting(v -> v.path("Name").asText())
        .containsExactly("shop_data");
    assertThat(EngineJson.network(docker, "shop/odd")).isPresent();
    assertThat(EngineJson.volume(docker, "shop_gone")).isEmpty();
    assertThat(asked).containsExactly("GET " + networks, "GET " + volumes, "GET /networks/shop%2Fodd", "GET /volumes/shop_gone");
  }

  @Test
  void anImageReferenceIsOneEscapedPathSegmentAndAMissingImageIsEmpty() {
    answers.put("/images/registry:5000%2Fteam%2Fapp:1.2/json", "{\"Id\":\"sha256:abc\",\"RepoTags\":[\"registry:5000/team/app:1.2\"]}");
    assertThat(Images.localId(docker, "registry:5000/team/app:1.2")).contains("sha256:abc");
    assertThat(Images.localId(docker, "busybox:missing")).isEmpty();
    assertThat(asked).containsExactly("GET /images/registry:5000%2Fteam%2Fapp:1.2/json", "GET /images/busybox:missing/json");
  }

  @Test
  void refusalsAreDockerJavasExceptionsWithTheEnginesWords() {
    answers.put("/containers/c1/json", "{\"message\":\"the engine is on fire\"}");
    statuses.put("/containers/c1/json", 500);
    assertThatThrownBy(() -> EngineJson.container(docker, "c1")).isInstanceOf(InternalServerErrorException.class)
        .hasMessageContaining("the engine is on fire");
    answers.put("/containers/c2/json", "{\"message\":\"in use\"}");
    statuses.put("/containers/c2/json", 409);
    assertThatThrownBy(() -> EngineJson.container(docker, "c2")).isInstanceOf(ConflictException.class).hasMessageContaining("in use");
    assertThat(EngineJson.container(docker, "gone")).isEmpty();
  }

  @Test
  void statusReadsStateHealthExitCodeRestartsStartAndPortsAndLeavesOutAContainerGoneSinceTheListing() {
    answers.put("/containers/web1/json", """
        {"Id":"web1","RestartCount":2,
         "State":{"Status":"running","ExitCode":0,"StartedAt":"2026-12-02T09:48:53.772006341Z",
           "Health":{"Status":"healthy","Log":[
             {"Start":"2026-12-02T09:48:54Z","End":"2026-12-02T09:48:55Z","ExitCode":1,"Output":"not yet\\n"},
             {"Start":"2026-12-02T09:48:55Z","End":"2026-12-02T09:48:56Z","ExitCode":0,"Output":"  ok \\n"},
             {"Start":"2026-12-02T09:48:57Z","End":"0001-01-01T00:00:00Z","ExitCode":-1,"Output":""}]}},
         "NetworkSettings":{"Ports":{"9090/tcp":null,"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"18899"},{"HostIp":"::1","HostPort":"18899"}],
           "53/udp":[{"HostIp":"0.0.0.0","HostPort":"5353"}]}}}
        """);
    answers.put("/containers/job1/json", """
        {"Id":"job1","RestartCount":0,"State":{"Status":"exited","ExitCode":3,"StartedAt":"0001-01-01T00:00:00Z"},
         "NetworkSettings":{"Ports":{}}}
        """);
    List<ExistingContainer> listed = List.of(
        new ExistingContainer("web1", "shop-web-1", "web", 1, "running", "h", ""),
        new ExistingContainer("job1", "shop-job-1", "job", 1, "exited", "h", ""),
        new ExistingContainer("gone1", "shop-gone-1", "gone", 1, "running", "h", ""));

    List<ContainerStatus> status = StatusReader.read(docker, "shop", listed).containers();

    assertThat(status).extracting(ContainerStatus::service).containsExactly("job", "web");
    ContainerStatus job = status.get(0);
    assertThat(job.state()).isEqualTo("exited");
    assertThat(job.exitCode()).contains(3);
    assertThat(job.startedAt()).isEmpty();
    assertThat(job.health()).isEmpty();
    assertThat(job.ports()).isEmpty();
    ContainerStatus web = status.get(1);
    assertThat(web.state()).isEqualTo("running");
    assertThat(web.exitCode()).isEmpty();
    assertThat(web.restartCount()).isEqualTo(2);
    assertThat(web.startedAt()).contains(Instant.parse("2026-12-02T09:48:53.772006341Z"));
    assertThat(web.health()).contains("healthy");
    assertThat(web.lastHealthOutput()).contains("");
    assertThat(web.ports()).containsExactly("0.0.0.0:5353->53/udp", "127.0.0.1:18899->8080/tcp", "::1:18899->8080/tcp");

    Map<String, List<HealthProbe>> history = StatusReader.healthHistory(docker, listed);
    assertThat(history.get("shop-web-1")).extracting(HealthProbe::exitCode, HealthProbe::output)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "not yet"), org.assertj.core.groups.Tuple.tuple(0, "ok"),
            org.assertj.core.groups.Tuple.tuple(-1, ""));
    assertThat(history.get("shop-job-1")).isEmpty();
    assertThat(history).doesNotContainKey("shop-gone-1");
  }
}
