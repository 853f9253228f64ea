package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strict mode: whatever the model cannot hold is an error naming file, line and path; lenient mode
 * drops it with a warning. Wrong types, bad values and broken references are errors in both.
 */
class ComposeImportErrorsTest {
  @TempDir Path dir;
  ImportFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ImportFixture(dir);
  }

  /** Each row: a service attribute in YAML flow form, and the message the import gives at services.web.<path> on line 4. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "credential_spec: {file: spec.json}|services.web.credential_spec: \"credential_spec\" is not supported by Sentinel's model",
      "isolation: hyperv|services.web.isolation: \"isolation\" is not supported by Sentinel's model",
      "blkio_config: {weight: 300, io_class: rt}|services.web.blkio_config.io_class: block I/O setting \"io_class\"",
      "volumes: [\"data:/data:z\"]|services.web.volumes[0]: volume option \"z\" is not supported",
      "volumes: [{type: npipe, source: x, target: /x}]|services.web.volumes[0].type: mount type \"npipe\" is not supported",
      "volumes: [{type: volume, source: data, target: /d, volume: {nocopy: true}}]|services.web.volumes[0].volume.nocopy: volume setting \"nocopy\"",
      "attach: false|services.web.attach: \"attach\" is not supported by Sentinel's model",
      "pull_policy: always|services.web.pull_policy: \"pull_policy\" is not supported by Sentinel's model",
      "healthcheck: {test: [CMD, x], start_timeout: 1s}|services.web.healthcheck.start_timeout: health check setting \"start_timeout\"",
      "depends_on: {db: {condition: service_started, wait: 5}}|services.web.depends_on.db.wait: dependency setting \"wait\"",
      "networks: {default: {mac_address: 02:42:ac:11:00:02}}|services.web.networks.default.mac_address: network setting \"mac_address\"",
      "deploy: {mode: replicated-job}|services.web.deploy.mode: deploy mode \"replicated-job\"",
      "deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}|services.web.deploy.resources.reservations.devices: resource \"devices\"",
      "build: {context: ., ssh: [default]}|services.web.build.ssh: build ssh (BuildKit only",
      "build: {context: ., platforms: [linux/arm64]}|services.web.build.platforms: build option \"platforms\"",
      "logging: {options: {max-size: 1m}}|services.web.logging: logging options without a driver",
  })
  void unsupportedAttributesAreErrorsWithFileLineAndPath(String attribute, String message) {
    String yaml = compose(attribute);
    assertThat(fx.error(yaml)).contains("compose.yml:4: " + message).contains("import with lenient() to drop it with a warning");
    ComposeImport lenient = fx.importer().lenient().importFiles(fx.file("compose.yml", yaml));
    assertThat(lenient.warnings()).extracting(ImportNote::toString).anyMatch(w -> w.startsWith("compose.yml:4: ") && w.contains("dropped: "));
  }

  /** Each row: an attribute that is wrong whatever the mode. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "mem_limit: 12XB|services.web.mem_limit: \"12XB\" is not a size",
      "ports: \"80:80\"|services.web.ports: expected a list, got a scalar",
      "ports: [\"80:80:80:80\"]|services.web.ports[0]: \"80:80:80:80\" is not a port mapping",
      "restart: sometimes|services.web.restart:",
      "read_only: yes|services.web.read_only: \"yes\" is not true or false",
      "stop_grace_period: soon|services.web.stop_grace_period:",
      "healthcheck: {test: [RUN, x]}|services.web.healthcheck.test: a test list starts with CMD, CMD-SHELL or NONE, not \"RUN\"",
      "depends_on: {db: {condition: service_ready}}|services.web.depends_on.db.condition: \"service_ready\" is not service_started",
      "command: \"echo 'unclosed\"|services.web.command: \"echo 'unclosed\" has an unclosed '",
      "deploy: {replicas: many}|services.web.deploy.replicas: \"many\" is not a whole number",
      "user: \"\"|services.web.user:",
      "networks: [missing]|services.web.networks.missing: network \"missing\" is not defined",
      "volumes: [\"undeclared:/data\"]|services.web.volumes./data: volume \"undeclared\" is not defined",
      "x-sentinel-readiness: [{grpc: {port: 1}}]|services.web.x-sentinel-readiness[0].grpc: \"grpc\" is not a readiness condition; known: all_of, any_of",
      "x-sentinel-readiness: [{tcp: {port: 70000}}]|services.web.x-sentinel-readiness[0].tcp: port 70000 is out of range",
      "x-sentinel-readiness: [{tcp: {}}]|services.web.x-sentinel-readiness[0].tcp: \"port\" is required",
      "x-sentinel-readiness: [{http: {port: 80, path: health}}]|services.web.x-sentinel-readiness[0].http: path \"health\" must start with /",
      "x-sentinel-readiness: [{log_line: {regex: \"(\"}}]|services.web.x-sentinel-readiness[0].log_line: the log line pattern /(/ is not a regular expression",
      "x-sentinel-readiness: [{any_of: {conditions: [{tcp: {port: 1, wait: 2}}]}}]|services.web.x-sentinel-readiness[0].any_of.conditions[0].tcp.wait: \"wait\" is not a setting of tcp; known: port, timeout",
      "x-sentinel-readiness: [{completed: {timeout: soon}}]|services.web.x-sentinel-readiness[0].completed.timeout:",
      "volumes_from: [\"db:rx\"]|services.web.volumes_from: volumes_from entry \"db:rx\": the mode after the last colon must be ro or rw, got \"rx\"",
      "volumes_from: [missing]|services.web.volumes_from: service \"missing\" is not defined (defined: web, db)",
      "volumes_from: [web]|services.web.volumes_from: a service cannot mount its own volumes",
      "external_links: [\"legacy db\"]|services.web.external_links: external link \"legacy db\" is not CONTAINER or CONTAINER:ALIAS",
      "post_start: [{user: root}]|services.web.post_start[0]: a hook needs a command",
      "post_start: [{command: x, shell: bash}]|services.web.post_start[0].shell: \"shell\" is not a hook setting; known: command, environment, privileged, user, working_dir",
      "pre_stop: [{command: x, working_dir: app}]|services.web.pre_stop[0]: a hook working_dir must be an absolute path, got \"app\"",
      "pre_stop: [{command: []}]|services.web.pre_stop[0].command: a hook command must not be empty",
  })
  void wrongValuesAreErrorsEvenWhenLenient(String attribute, String message) {
    String yaml = compose(attribute);
    assertThat(fx.error(yaml)).contains("compose.yml:4: " + message);
    assertThatThrownBy(() -> fx.importer().lenient().importFiles(fx.file("compose.yml", yaml))).isInstanceOf(ComposeImportException.class);
  }

  private static String compose(String attribute) {
    return "services:\n  web:\n    image: web:1\n    " + attribute + "\n  db: {image: db:1}\nvolumes:\n  data: {}\n";
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    ComposeImportException e = org.junit.jupiter.api.Assertions.assertThrows(ComposeImportException.class, () -> fx.imported("""
        services:
          a:
            image: a:1
            mem_limit: lots
            isolation: hyperv
          b:
            image: b:1
            attach: false
        """));
    assertThat(e.errors()).extracting(ImportNote::toString).containsExactly(
        "compose.yml:4: services.a.mem_limit: \"lots\" is not a size (examples: 512m, 1g, 1.5GiB, 1048576)",
        "compose.yml:5: services.a.isolation: \"isolation\" is not supported by Sentinel's model (import with lenient() to drop it with a warning)",
        "compose.yml:8: services.b.attach: \"attach\" is not supported by Sentinel's model (import with lenient() to drop it with a warning)");
    assertThat(e.getMessage()).startsWith("the Compose files cannot be imported (3 errors):");
  }

  @Test
  void addressesPlatformsAndBlockIoAreCheckedWhereTheyAreWritten() {
    assertThat(fx.error("""
        services:
          a:
            image: a:1
            networks:
              n: {ipv4_address: 10.9.0.10}
        networks:
          n:
            ipam: {config: [{subnet: 10.0.0.0/24}]}
        """)).contains("compose.yml:5: services.a.networks.n: 10.9.0.10 is not inside a subnet of network n (10.0.0.0/24)");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    networks: {n: {ipv4_address: 10.0.0.300}}\nnetworks:\n  n: {}\n"))
        .contains("compose.yml:4: services.a.networks.n.ipv4_address: ipv4_address \"10.0.0.300\" on network n is not an IPv4 address");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    networks: {n: {ipv4_address: 10.0.0.3}}\nnetworks:\n  n: {}\n"))
        .contains("10.0.0.3 is not inside a subnet of network n (it declares none");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    platform: Linux AMD64\n"))
        .contains("compose.yml:4: services.a.platform: platform \"Linux AMD64\" is not os[/architecture[/variant]]");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    mac_address: 02:42:zz:11:00:02\n"))
        .contains("compose.yml:4: services.a.mac_address: MAC address \"02:42:zz:11:00:02\" is not six hexadecimal pairs");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    tmpfs: [\"/run:size=1m,no such\"]\n"))
        .contains("compose.yml:4: services.a.tmpfs: tmpfs option \"no such\" of /run is not a mount option");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    blkio_config: {weight: 5}\n"))
        .contains("compose.yml:4: services.a.blkio_config: block I/O weight must be 10 to 1000, got 5");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    blkio_config: {device_read_bps: [{path: /dev/sda, rate: fast}]}\n"))
        .contains("compose.yml:4: services.a.blkio_config.device_read_bps");
  }

  @Test
  void topLevelMistakes() {
    assertThat(fx.error("services:\n  a: {image: a:1}\nservice:\n  b: {image: b:1}\n"))
        .contains("compose.yml:4: service: \"service\" is not a top-level key of the Compose Specification");
    assertThat(fx.error("services:\n  a: {image: a:1}\ninclude: [other.yml]\n")).contains("compose.yml:3: include[0]: other.yml: cannot be read");
    assertThat(fx.error("services:\n  a: {image: a:1, networks: [n]}\nnetworks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.1.0.1}]}}\n"))
        .contains("compose.yml:4: networks.n.ipam.config[0]: gateway 10.1.0.1 is not inside subnet 10.0.0.0/24");
    assertThat(fx.error("services:\n  a: {image: a:1, networks: [n]}\nnetworks:\n  n: {ipam: {config: [{subnet: 10.0.0.0/33}]}}\n"))
        .contains("compose.yml:4: networks.n.ipam.config[0]: subnet \"10.0.0.0/33\": the prefix length must be 0 to 32");
    assertThat(fx.error("services:\n  a: {image: a:1}\nsecrets:\n  s: {external: true, file: ./s.txt}\n"))
        .contains("compose.yml:4: secrets.s.file: an external declaration has only a name");
    assertThat(fx.error("services:\n  a: {image: a:1}\nsecrets:\n  s: {template_driver: golang, file: ./s.txt}\n"))
        .contains("compose.yml:4: secrets.s.template_driver: secret setting \"template_driver\" is not supported");
    assertThat(fx.error("services:\n  a: {image: a:1, secrets: [nope]}\n")).contains("compose.yml:2: services.a.secrets.nope: secret \"nope\" is not defined");
    assertThat(fx.error("services:\n  a: {build: .}\n  b: {}\n")).contains("compose.yml:3: services.b: service has neither an image nor a build");
    assertThat(fx.error("services:\n  a:\n    image: \"Not A Ref\"\n")).contains("compose.yml:3: services.a.image: \"Not A Ref\" is not an image reference");
  }

  @Test
  void brokenFilesNameTheirLine() {
    assertThat(fx.error("services:\n  a:\n    image: a:1\n   bad-indent: x\n")).contains("compose.yml:4: is not valid YAML");
    assertThat(fx.error("services:\n  a: {image: a:1}\n  a: {image: b:1}\n")).contains("compose.yml:3: has the key \"a\" twice in one mapping");
    assertThat(fx.error("- just\n- a list\n")).contains("compose.yml:1: is not a Compose file: its top level is a list");
    assertThat(fx.error("")).contains("compose.yml: is empty");
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    labels: !custom {x: y}\n")).contains("compose.yml:4: services.a.labels: unknown tag !custom");
    assertThatThrownBy(() -> fx.importer().importFiles(dir.resolve("absent.yml"))).hasMessageContaining("absent.yml: cannot be read");
  }

  @Test
  void anAliasBombIsRefused() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char prev = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
    }
    yaml.append("services:\n  a: {image: a:1}\n");
    assertThat(fx.error(yaml.toString())).contains("compose.yml");
  }
}
