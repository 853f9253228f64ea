package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Drift} against inspects written by hand in the shape engine 20.10 answers {@code GET
 * /containers/{id}/json} (only the sections Drift reads; the engine sends many more).
 */
class DriftTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** api: 64 MiB, restart unless-stopped, on the stack's back and front networks. */
  private static ContainerSpec api() {
    StackSpec spec = Stack.define("shop", s -> s.network("back").network("front")
        .service("api", a -> a.image("shop/api:1").network("back").network("front").memoryLimit("64m").restart("unless-stopped")))
        .base();
    StateFiles files = new StateFiles(Path.of("/state"), "shop");
    return new ContainerSpecs(spec, k -> null, files.sources(spec, spec.services()), Map.of()).of(spec.service("api"), "sha256:abc", 1);
  }

  private static JsonNode inspect(String hostConfig, String networks) throws Exception {
    return JSON.readTree("{\"Id\":\"c0ffee\",\"HostConfig\":" + hostConfig + ",\"NetworkSettings\":{\"Networks\":" + networks + "}}");
  }

  private static final String AS_CREATED = """
      {"Memory":67108864,"MemoryReservation":0,"NanoCpus":0,"PidsLimit":null,"CpuShares":0,"CpuQuota":0,"CpuPeriod":0,
       "BlkioWeight":0,"CpusetCpus":"","RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0}}""";

  @Test
  void aContainerAsCreatedHasNoDrift() throws Exception {
    assertThat(Drift.of(inspect(AS_CREATED, "{\"shop_back\":{},\"shop_front\":{}}"), api())).isEmpty();
  }

  @Test
  void theEnginesWaysOfSayingNoPidsLimitAreNoDrift() throws Exception {
    for (String none : new String[] {"0", "-1"}) {
      assertThat(Drift.of(inspect(AS_CREATED.replace("\"PidsLimit\":null", "\"PidsLimit\":" + none),
          "{\"shop_back\":{},\"shop_front\":{}}"), api())).as("PidsLimit %s", none).isEmpty();
    }
  }

  @Test
  void dockerUpdateAndNetworkChangesAreNamedWithBothValues() throws Exception {
    String updated = """
        {"Memory":100663296,"MemoryReservation":0,"NanoCpus":500000000,"PidsLimit":64,"CpuShares":512,"CpuQuota":0,"CpuPeriod":0,
         "BlkioWeight":300,"CpusetCpus":"0","RestartPolicy":{"Name":"on-failure","MaximumRetryCount":5}}""";
    assertThat(Drift.of(inspect(updated, "{\"shop_back\":{},\"bridge\":{}}"), api())).containsExactly(
        "memoryBytes: 100663296 on the engine, 67108864 defined",
        "nanoCpus: 500000000 on the engine, unset defined",
        "pidsLimit: 64 on the engine, unset defined",
        "cpuShares: 512 on the engine, unset defined",
        "blkioWeight: 300 on the engine, unset defined",
        "cpusetCpus: 0 on the engine, unset defined",
        "restart: on-failure:5 on the engine, unless-stopped defined",
        "network shop_front: disconnected on the engine, joined in the definition",
        "network bridge: connected on the engine, not in the definition");
  }

  @Test
  void aLimitTheEngineDiscardedAtCreationIsNoDrift() throws Exception {
    // A kernel without the memory cgroup: the engine drops the limit and warns at creation.
    assertThat(Drift.of(inspect(AS_CREATED.replace("\"Memory\":67108864", "\"Memory\":0"), "{\"shop_back\":{},\"shop_front\":{}}"), api()))
        .isEmpty();
  }
}
