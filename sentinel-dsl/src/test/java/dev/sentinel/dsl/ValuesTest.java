package dev.sentinel.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @ParameterizedTest
  @CsvSource({
    "512m, 536870912", "1g, 1073741824", "1.5GiB, 1610612736", "100kb, 102400", "1024, 1024",
    "10b, 10", "2T, 2199023255552", "0.5m, 524288", "64 MiB, 67108864"
  })
  void sizesParseInBinaryUnits(String text, long bytes) {
    assertThat(Size.parse(text).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12XB", "", "m", "-1g", "1.2.3m", "1 g b"})
  void badSizesAreNamedInTheError(String text) {
    assertThatThrownBy(() -> Size.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\" is not a size");
  }

  @Test
  void sizesPrintTheirShortestExactComposeSpelling() {
    assertThat(Size.gibibytes(1).toCompose()).isEqualTo("1g");
    assertThat(Size.parse("1.5g").toCompose()).isEqualTo("1536m");
    assertThat(Size.bytes(1000).toCompose()).isEqualTo("1000b");
    assertThat(Size.kibibytes(3).toCompose()).isEqualTo("3k");
  }

  @ParameterizedTest
  @CsvSource({"1m30s, 90000", "500ms, 500", "1h, 3600000", "2.5s, 2500", "1h1m1s, 3661000", "0s, 0"})
  void durationsParseGoSyntax(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "1x", "s", "", "1m 30s", "-5s"})
  void badDurationsAreNamedInTheError(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("\"" + text + "\" is not a duration");
  }

  @Test
  void durationsFormatAsComposeReadsThem() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.parse(Durations.format(Duration.ofNanos(3_723_004_005_006L)))).isEqualTo(Duration.ofNanos(3_723_004_005_006L));
  }

  @Test
  void cpusAreExactThousandths() {
    assertThat(Cpus.parse("0.5")).isEqualTo(Cpus.of(0.5));
    assertThat(Cpus.parse("2").toCompose()).isEqualTo("2");
    assertThat(Cpus.parse("1.250").toCompose()).isEqualTo("1.25");
    assertThat(Cpus.of(0.5).nanoCpus()).isEqualTo(500_000_000L);
    assertThatThrownBy(() -> Cpus.parse("0")).hasMessageContaining("\"0\" is not a CPU count");
    assertThatThrownBy(() -> Cpus.parse("lots")).hasMessageContaining("\"lots\" is not a CPU count");
  }

  @Test
  void imageReferencesParseRegistryTagAndDigest() {
    ImageRef plain = ImageRef.parse("redis");
    assertThat(plain.repository()).isEqualTo("redis");
    assertThat(plain.tag()).isEmpty();
    assertThat(plain.effectiveTag()).isEqualTo("latest");

    ImageRef full = ImageRef.parse("registry.example.com:5000/team/api:1.4@sha256:" + "a".repeat(64));
    assertThat(full.repository()).isEqualTo("registry.example.com:5000/team/api");
    assertThat(full.tag()).contains("1.4");
    assertThat(full.digest()).contains("sha256:" + "a".repeat(64));
    assertThat(full.toString()).isEqualTo("registry.example.com:5000/team/api:1.4@sha256:" + "a".repeat(64));

    assertThat(ImageRef.parse("localhost:5000/x").repository()).isEqualTo("localhost:5000/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Redis:7", "redis:", "redis:bad tag", "a//b", ":7", "redis@sha256:xyz"})
  void badImageReferencesAreRejected(String text) {
    assertThatThrownBy(() -> ImageRef.parse(text)).hasMessageContaining("is not an image reference");
  }

  @Test
  void portsDefaultToLoopbackNeverAllInterfaces() {
    PortMapping p = PortMapping.parse("8080:80");
    assertThat(p).isEqualTo(new PortMapping("127.0.0.1", Optional.of(PortRange.of(8080)), 80, Protocol.TCP));
    assertThat(p.bindsAllInterfaces()).isFalse();
    assertThat(PortMapping.parse("9090").published()).isEmpty();
    assertThat(PortMapping.parse("9090").hostIp()).isEqualTo("127.0.0.1");
  }

  @Test
  void portsParseEveryShortForm() {
    assertThat(PortMapping.parse("0.0.0.0:443:8443/tcp").bindsAllInterfaces()).isTrue();
    assertThat(PortMapping.parse("10.0.0.5:53:53/udp").protocol()).isEqualTo(Protocol.UDP);
    assertThat(PortMapping.parse("9000-9010:80").published()).contains(new PortRange(9000, 9010));
    assertThat(PortMapping.parse("[::1]:8080:80").hostIp()).isEqualTo("::1");
    assertThat(PortMapping.parse("127.0.0.1::80").published()).isEmpty();
    PortMapping p = PortMapping.parse("127.0.0.1:8080:80/udp");
    assertThat(PortMapping.parse(p.toString())).isEqualTo(p);
    PortMapping random = PortMapping.parse("9090");
    assertThat(PortMapping.parse(random.toString())).isEqualTo(random);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "80:70000", "1.2.3:80:80", "80/xyz", "9010-9000:80", "0:80"})
  void badPortsAreRejected(String text) {
    assertThatThrownBy(() -> PortMapping.parse(text)).hasMessageContaining("\"" + text + "\" is not a port mapping");
  }

  @Test
  void restartPoliciesParseDockersSpelling() {
    assertThat(RestartPolicy.parse("unless-stopped")).isEqualTo(RestartPolicy.unlessStopped());
    assertThat(RestartPolicy.parse("on-failure:3")).isEqualTo(RestartPolicy.onFailure(3));
    assertThat(RestartPolicy.parse("no")).isEqualTo(RestartPolicy.no());
    assertThat(RestartPolicy.onFailure(5).toString()).isEqualTo("on-failure:5");
    assertThatThrownBy(() -> RestartPolicy.parse("sometimes")).hasMessageContaining("\"sometimes\" is not a restart policy");
    assertThatThrownBy(() -> RestartPolicy.parse("on-failure:-1")).hasMessageContaining("is not a restart policy");
  }

  @Test
  void usersKnowWhetherTheyAreRoot() {
    assertThat(User.of(10001, 10001).isRoot()).isFalse();
    assertThat(User.parse("root").isRoot()).isTrue();
    assertThat(User.parse("0:0").isRoot()).isTrue();
    assertThat(User.parse("redis:redis").user()).isEqualTo("redis");
    assertThatThrownBy(() -> User.parse("a b")).hasMessageContaining("is not a user");
  }
}
