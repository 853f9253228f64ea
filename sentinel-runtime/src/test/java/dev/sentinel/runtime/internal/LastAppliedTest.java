package dev.sentinel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.runtime.internal.LastApplied.Applied;
import dev.sentinel.runtime.internal.LastApplied.AppliedContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastAppliedTest {
  @TempDir Path state;

  private static Applied applied(String memory) {
    StackSpec spec = Stack.define("shop", s -> s.network("backend", n -> n.subnet("10.231.0.0/24", p -> p.gateway("10.231.0.1")).driverOption("com.docker.network.bridge.enable_icc", "true")
            .internal()).volume("data").secret("pw", x -> x.generated(16))
        .config("conf", c -> c.content("a = 1\n"))
        .service("api", a -> a.image("shop/api:1").user(10001, 10001).hardened().network("backend", "api.internal").port("9000:8080")
            .mountVolume("data", "/data").envSecretFile("PW_FILE", "pw").config("conf", "/etc/conf").env("A", "1")
            .memoryLimit(memory).restart("on-failure:3").stopGracePeriod("20s").ulimit("nofile", 1024, 2048).sysctl("net.core.somaxconn", "512")
            .healthCheck(h -> h.command("true").every("5s")))).base();
    StateFiles files = new StateFiles(Path.of("/state"), "shop");
    ContainerSpecs specs = new ContainerSpecs(spec, k -> null, files.sources(spec, spec.services()), Map.of("pw", "v1"));
    ContainerSpec c = specs.of(spec.service("api"), "sha256:abc", 1);
    String json = SpecJson.canonical(c);
    return new Applied(List.of("api"), List.of(new AppliedContainer("shop-api-1", "api", 1, SpecJson.hash(json),
        Map.of(Labels.SPEC, json, Labels.STACK, "shop"), c)),
        List.of(new LastApplied.AppliedNetwork("shop_backend", Map.of(Labels.STACK, "shop"), java.util.Optional.of(spec.networks().get("backend"))),
            new LastApplied.AppliedNetwork("shop_default", Map.of(Labels.STACK, "shop"), java.util.Optional.empty())));
  }

  @Test
  void aRecordedSpecReadsBackEqualToTheSpecAndHashesTheSame() {
    LastApplied last = new LastApplied(state, "shop");
    Applied written = applied("256m");
    last.write(written);
    Applied read = last.read().orElseThrow();
    assertThat(read).isEqualTo(written);
    // What a rollback creates from is the spec whose hash the container is labelled with.
    assertThat(SpecJson.hash(SpecJson.canonical(read.containers().get(0).spec()))).isEqualTo(written.containers().get(0).hash());
  }

  @Test
  void writingAChangedApplyKeepsTheOneBeforeAsPreviousAndAnUnchangedOneDoesNotRotate() {
    LastApplied last = new LastApplied(state, "shop");
    Applied first = applied("256m");
    Applied second = applied("512m");
    last.write(first);
    assertThat(last.readPrevious()).isEmpty();
    last.write(second);
    last.write(second);
    assertThat(last.read()).contains(second);
    assertThat(last.readPrevious()).contains(first);
    last.remove();
    assertThat(last.read()).isEmpty();
    assertThat(last.readPrevious()).isEmpty();
  }

  @Test
  void writingTheRecordAlreadyThereLeavesTheFileUntouchedAndAChangedOneReplacesIt() throws Exception {
    LastApplied last = new LastApplied(state, "shop");
    last.write(applied("256m"));
    Path file = state.resolve("applied").resolve("shop.json");
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, old);

    last.write(applied("256m"));
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);

    last.write(applied("512m"));
    assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(old);
    assertThat(last.read()).contains(applied("512m"));
  }
}
