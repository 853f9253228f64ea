package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecsTest {
  private static StackSpec spec() {
    return Stack.define("shop", s -> s.network("backend").volume("data").secret("pw", x -> x.generated(16))
        .config("conf", c -> c.content("a = 1\n"))
        .service("api", a -> a.image("shop/api:1").user(10001, 10001).hardened()
            .network("backend", "api.internal").port("9000-9002:8080").replicas(3)
            .mountVolume("data", "/data").envSecretFile("PW_FILE", "pw").config("conf", "/etc/conf")
            .env("B", "2").env("A", "1").envFromHost("URL", "SHOP_URL", "http://x")
            .memoryLimit("256m").cpuLimit("0.5").restart("on-failure:3").stopGracePeriod("20s")
            .healthCheck(h -> h.command("true").every("5s")))
        .service("cli", c -> c.image("shop/cli:1").envFromHost("TOKEN", "SHOP_TOKEN"))).base();
  }

  private static ContainerSpecs specs(Map<String, String> hostEnv) {
    StackSpec spec = spec();
    StateFiles files = new StateFiles(Path.of("/state"), "shop");
    return new ContainerSpecs(spec, hostEnv::get, files.sources(spec, spec.services()), Map.of("pw", "v1"));
  }

  @Test
  void mapsEveryFieldTheEngineNeeds() {
    Service api = spec().service("api");
    ContainerSpec c = specs(Map.of()).of(api, "sha256:abc", 2);
    assertThat(c.imageId()).isEqualTo("sha256:abc");
    assertThat(c.security().user()).isEqualTo("10001:10001");
    assertThat(c.security().readOnlyRootFilesystem()).isTrue();
    assertThat(c.security().securityOpt()).containsExactly("no-new-privileges:true");
    assertThat(c.security().capDrop()).containsExactly("ALL");
    assertThat(c.networking().networks()).containsExactly(Map.entry("shop_backend", java.util.List.of("api", "api.internal")));
    assertThat(c.networking().ports()).containsExactly(new NetworkingMapping.Port("127.0.0.1", 9001, 8080, "tcp"));
    assertThat(c.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"),
        Map.entry("PW_FILE", "/run/secrets/pw"), Map.entry("URL", "http://x"));
    assertThat(c.storage().mounts()).extracting(StorageMapping.MountSpec::target).containsExactly("/tmp", "/data", "/run/secrets/pw", "/etc/conf");
    assertThat(c.storage().mounts().get(2).source()).isEqualTo("/state/run/shop/secrets/api/pw");
    assertThat(c.storage().mounts().get(2).version()).isEqualTo("v1");
    assertThat(c.storage().mounts().get(3).source()).startsWith("/state/run/shop/configs/conf-");
    assertThat(c.resources().memoryBytes()).isEqualTo(256L << 20);
    assertThat(c.resources().nanoCpus()).isEqualTo(500_000_000L);
    assertThat(c.lifecycle().restart()).isEqualTo("on-failure");
    assertThat(c.lifecycle().restartMaxRetries()).isEqualTo(3);
    assertThat(c.lifecycle().stopTimeoutSeconds()).isEqualTo(20);
    assertThat(c.lifecycle().health().test()).containsExactly("CMD", "true");
  }

  @Test
  void externalAndNamedNetworksAndVolumesKeepTheirEngineNames() {
    StackSpec spec = Stack.define("shop", s -> s
        .network("edge", n -> n.external())
        .network("proxy", n -> n.external().engineName("traefik_proxy"))
        .network("own", n -> n.engineName("shop-own-net"))
        .volume("legacy", v -> v.external())
        .volume("media", v -> v.engineName("shared-media"))
        .service("web", w -> w.image("web:1").network("edge").network("proxy").network("own")
            .extraHost("db.legacy", "10.0.0.5").dns("10.0.0.53").expose("3000", "8000-8001/udp").sysctl("net.core.somaxconn", "512").shmSize("128m")
            .mountVolume("legacy", "/legacy").mountVolume("media", "/media")
            .deployRestartPolicy(r -> r.condition(dev.sentinel.dsl.DeployRestartPolicy.Condition.ON_FAILURE).maxAttempts(2)))).base();
    StateFiles files = new StateFiles(Path.of("/state"), "shop");
    ContainerSpec c = new ContainerSpecs(spec, Map.<String, String>of()::get, files.sources(spec, spec.services()), Map.of())
        .of(spec.service("web"), "sha256:abc", 1);
    assertThat(c.networking().networks()).containsOnlyKeys("edge", "traefik_proxy", "shop-own-net");
    assertThat(c.storage().mounts()).extracting(StorageMapping.MountSpec::source).containsExactly("legacy", "shared-media");
    assertThat(c.naming().extraHosts()).containsExactly(Map.entry("db.legacy", "10.0.0.5"));
    assertThat(c.naming().dns()).containsExactly("10.0.0.53");
    assertThat(c.networking().expose()).containsExactly("3000", "8000-8001/udp");
    assertThat(c.kernel().sysctls()).containsExactly(Map.entry("net.core.somaxconn", "512"));
    assertThat(c.kernel().shmSizeBytes()).isEqualTo(128L << 20);
    // Unused, the new settings stay out of the spec, so containers made before them keep their hash.
    assertThat(SpecJson.canonical(specs(Map.of()).of(spec().service("api"), "sha256:abc", 1)))
        .doesNotContain("extraHosts").doesNotContain("sysctls").doesNotContain("shmSizeBytes").doesNotContain("expose");
    // deploy.restart_policy stands for the container policy when the service sets none.
    assertThat(c.lifecycle().restart()).isEqualTo("on-failure");
    assertThat(c.lifecycle().restartMaxRetries()).isEqualTo(2);
  }

  @Test
  void theSameDefinitionAlwaysHashesTheSame() {
    String first = SpecJson.hash(SpecJson.canonical(specs(Map.of()).of(spec().service("api"), "sha256:abc", 1)));
    String second = SpecJson.hash(SpecJson.canonical(specs(Map.of()).of(spec().service("api"), "sha256:abc", 1)));
    assertThat(first).isEqualTo(second).hasSize(64);
    String otherImage = SpecJson.hash(SpecJson.canonical(specs(Map.of()).of(spec().service("api"), "sha256:def", 1)));
    assertThat(otherImage).isNotEqualTo(first);
  }

  @Test
  void changedFieldsAreNamed() {
    ContainerSpecs specs = specs(Map.of());
    String before = SpecJson.canonical(specs.of(spec().service("api"), "sha256:abc", 1));
    String after = SpecJson.canonical(specs(Map.of("SHOP_URL", "http://y")).of(spec().service("api"), "sha256:def", 1));
    assertThat(SpecJson.changedFields(before, after)).containsExactly("environment", "imageId");
  }

  @Test
  void aRequiredHostVariableThatIsUnsetIsNamed() {
    assertThatThrownBy(() -> specs(Map.of()).of(spec().service("cli"), "sha256:abc", 1))
        .hasMessage("service \"cli\": environment TOKEN reads host variable SHOP_TOKEN, which is not set on the deploying host");
    assertThat(specs(Map.of("SHOP_TOKEN", "t")).of(spec().service("cli"), "x", 1).environment()).containsEntry("TOKEN", "t");
  }

  @Test
  void aServiceWithoutNetworksJoinsTheDefaultNetwork() {
    assertThat(specs(Map.of("SHOP_TOKEN", "t")).of(spec().service("cli"), "x", 1).networking().networks()).containsOnlyKeys("shop_default");
  }
}
