package dev.sentinel.dsl.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyTest {
  /** A service that breaks no rule. */
  private static StackSpec good() {
    return Stack.define("shop", s -> s.network("backend")
        .service("api", a -> a.image("shop/api:1.4").user(10001, 10001).hardened()
            .network("backend").port("8080:8080")
            .healthCheck(h -> h.httpGet(8080, "/health")).restart("unless-stopped")
            .memoryLimit("256m").cpuLimit("0.5").ulimit("nofile", 1024, 2048)
            .logging("json-file", Map.of("max-size", "10m")))).base();
  }

  private static ServiceView goodView() {
    return ServiceView.of(good().service("api"), good().services());
  }

  private static List<String> ruleIds(ServiceView view) {
    return Linter.check("shop", Optional.empty(), "lint", List.of(view), Policy.defaults()).findings().stream().map(Finding::ruleId).toList();
  }

  /** A change to some fields of a view, by name. */
  interface Edit extends UnaryOperator<ServiceView.Builder> {}

  /** The good view with some fields changed. */
  private static ServiceView change(Edit edit) {
    return edit.apply(goodView().toBuilder()).build();
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  static Stream<Arguments> violations() {
    ServiceView g = goodView();
    Set<String> capsWithout = new LinkedHashSet<>(g.capDrop());
    capsWithout.remove("ALL");
    return Stream.of(
        Arguments.of("SEC-PRIVILEGED", (Edit) v -> v.privileged(true)),
        Arguments.of("SEC-DOCKER-SOCKET", (Edit) v -> v.mounts(plus(g.mounts(), new Mount.BindMount("/var/run/docker.sock", "/var/run/docker.sock", true)))),
        Arguments.of("SEC-HOST-NETWORK", (Edit) v -> v.networkMode(Optional.of("host"))),
        Arguments.of("SEC-HOST-PID", (Edit) v -> v.pid(Optional.of("host"))),
        Arguments.of("SEC-HOST-IPC", (Edit) v -> v.ipc(Optional.of("host"))),
        Arguments.of("SEC-SENSITIVE-MOUNT", (Edit) v -> v.mounts(plus(g.mounts(), new Mount.BindMount("/etc/", "/host-etc", false)))),
        Arguments.of("SEC-SECCOMP-UNCONFINED", (Edit) v -> v.securityOpt(plus(g.securityOpt(), "seccomp:unconfined"))),
        Arguments.of("SEC-APPARMOR-UNCONFINED", (Edit) v -> v.securityOpt(plus(g.securityOpt(), "apparmor=unconfined"))),
        Arguments.of("SEC-SYSTEMPATHS-UNCONFINED", (Edit) v -> v.securityOpt(plus(g.securityOpt(), "systempaths=unconfined"))),
        Arguments.of("SEC-DANGEROUS-CAP", (Edit) v -> v.capAdd(Set.of("CAP_SYS_ADMIN"))),
        Arguments.of("SEC-LITERAL-CREDENTIAL", (Edit) v -> v.literalEnvironment(Map.of("DB_PASSWORD", "hunter2"))),
        Arguments.of("REL-HEALTHY-WITHOUT-CHECK", (Edit) v -> v.healthyDependenciesWithoutCheck(List.of("db"))),
        Arguments.of("SEC-ROOT-USER", (Edit) v -> v.user(Optional.of("0:0"))),
        Arguments.of("SEC-ROOT-FS", (Edit) v -> v.readOnlyRootFilesystem(false)),
        Arguments.of("SEC-NO-NEW-PRIVILEGES", (Edit) v -> v.securityOpt(List.of())),
        Arguments.of("SEC-CAPS-NOT-DROPPED", (Edit) v -> v.capDrop(capsWithout)),
        Arguments.of("SEC-CAPS-ADDED", (Edit) v -> v.capAdd(Set.of("NET_BROADCAST"))),
        Arguments.of("NET-PORT-ALL-INTERFACES", (Edit) v -> v.ports(List.of(PortMapping.parse("0.0.0.0:8080:8080")))),
        Arguments.of("REL-NO-HEALTHCHECK", (Edit) v -> v.hasHealthCheck(false)),
        Arguments.of("REL-NO-RESTART", (Edit) v -> v.restart(Optional.empty())),
        Arguments.of("REL-RESTART-RETRIES", (Edit) v -> v.restart(Optional.of("on-failure")).restartMaxRetries(Optional.of(10))),
        Arguments.of("RES-NO-MEMORY-LIMIT", (Edit) v -> v.hasMemoryLimit(false)),
        Arguments.of("RES-NO-CPU-LIMIT", (Edit) v -> v.hasCpuLimit(false)),
        Arguments.of("RES-NO-PIDS-LIMIT", (Edit) v -> v.hasPidsLimit(false)),
        Arguments.of("IMG-FLOATING-TAG", (Edit) v -> v.image("shop/api:latest")),
        Arguments.of("DATA-ANONYMOUS-VOLUME", (Edit) v -> v.mounts(plus(g.mounts(), new Mount.VolumeMount("", "/var/lib/data", false)))),
        Arguments.of("LOG-NO-ROTATION", (Edit) v -> v.logOptions(Map.of())),
        Arguments.of("SEC-USERNS-HOST", (Edit) v -> v.usernsMode(Optional.of("host"))),
        Arguments.of("SEC-UTS-HOST", (Edit) v -> v.uts(Optional.of("host"))),
        Arguments.of("SEC-MOUNT-PROPAGATION", (Edit) v -> v.mounts(plus(g.mounts(), new Mount.BindMount("/srv/shared", "/shared", true, Optional.of("rshared"))))),
        Arguments.of("SEC-DEVICES", (Edit) v -> v.devices(List.of("/dev/sda:/dev/sda:rw"))),
        Arguments.of("RUN-NOT-RUNNING", (Edit) v -> v.state(Optional.of("exited"))),
        Arguments.of("RUN-UNHEALTHY", (Edit) v -> v.health(Optional.of("unhealthy"))),
        Arguments.of("RUN-RESTARTED", (Edit) v -> v.restartCount(2)),
        Arguments.of("NET-PRIVILEGED-PORT", (Edit) v -> v.ports(List.of(PortMapping.parse("80:8080")))),
        Arguments.of("RES-NO-ULIMITS", (Edit) v -> v.hasUlimits(false)),
        Arguments.of("SWARM-LOCAL-VOLUME", (Edit) v -> v.unpinnedNodeLocalVolumes(List.of("db-data"))),
        Arguments.of("NET-DEFAULT-BRIDGE", (Edit) v -> v.networkMode(Optional.of("bridge"))));
  }

  @Test
  void everyRuleHasATestAndTheGoodServiceBreaksNone() {
    assertThat(violations().map(a -> (String) a.get()[0])).containsExactlyInAnyOrderElementsOf(Rules.ALL.stream().map(Rule::id).toList());
    assertThat(ruleIds(goodView())).isEmpty();
    assertThat(Linter.lint(good(), Policy.defaults()).findings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void eachRuleTriggersOnItsViolationAlone(String ruleId, Edit violation) {
    assertThat(ruleIds(change(violation))).containsExactly(ruleId);
  }

  @Test
  void securityOptionsAreNormalised() {
    for (String spelling : List.of("seccomp=unconfined", "seccomp:unconfined", " SECCOMP=UNCONFINED ")) {
      assertThat(ruleIds(change((Edit) v -> v.securityOpt(plus(goodView().securityOpt(), spelling))))).as(spelling).contains("SEC-SECCOMP-UNCONFINED");
    }
    for (String spelling : List.of("no-new-privileges", "no-new-privileges=true", "no-new-privileges:true")) {
      assertThat(ruleIds(change((Edit) v -> v.securityOpt(List.of(spelling))))).as(spelling).doesNotContain("SEC-NO-NEW-PRIVILEGES");
    }
  }

  @Test
  void findingsNameTheServiceFieldFixAndReference() {
    PolicyReport report = Linter.lint(Stack.define("shop", s -> s.service("web", w -> w.image("nginx").port("0.0.0.0:80:80"))).base(),
        Policy.defaults());
    Finding port = report.findings().stream().filter(f -> f.ruleId().equals("NET-PORT-ALL-INTERFACES")).findFirst().orElseThrow();
    assertThat(port.message()).isEqualTo("service \"web\": publishes 0.0.0.0:80:80/tcp on every interface");
    assertThat(port.path()).isEqualTo("services.web.ports");
    assertThat(port.reference()).isEqualTo("CIS Docker 1.6 §5.13");
    assertThat(port.fix()).isNotBlank();
    assertThat(report.findings()).extracting(Finding::ruleId).contains("SEC-ROOT-USER", "IMG-FLOATING-TAG", "NET-PRIVILEGED-PORT");
    assertThat(report.fails()).isFalse();
    assertThat(report.toText()).contains("WARNING NET-PORT-ALL-INTERFACES").contains("passed");
  }

  @Test
  void acceptedRulesAreReportedAsSuppressedWithTheirReason() {
    StackSpec spec = Stack.define("shop", s -> s.service("web", w -> w.image("nginx:1.25").privileged()
        .accept("SEC-PRIVILEGED", "needs raw sockets for the legacy probe"))).base();
    PolicyReport report = Linter.lint(spec, Policy.defaults());
    Finding privileged = report.findings().stream().filter(f -> f.ruleId().equals("SEC-PRIVILEGED")).findFirst().orElseThrow();
    assertThat(privileged.suppressedBecause()).contains("needs raw sockets for the legacy probe");
    assertThat(report.active()).extracting(Finding::ruleId).doesNotContain("SEC-PRIVILEGED");
    assertThat(report.fails()).isFalse();
    assertThat(report.toText()).contains("skipped SEC-PRIVILEGED").contains("(accepted: needs raw sockets for the legacy probe)");
    assertThatThrownBy(() -> Stack.define("shop", s -> s.service("web", w -> w.image("nginx:1.25").accept("SEC-PRIVILEGED", " "))))
        .hasMessageContaining("services.web.x-sentinel-accept.SEC-PRIVILEGED: accepting a policy rule needs a reason");
  }

  @Test
  void severityOverridesAndTheThresholdDecideFailure() {
    StackSpec spec = Stack.define("shop", s -> s.service("web", w -> w.image("nginx:1.25").privileged())).base();
    assertThat(Linter.lint(spec, Policy.defaults()).fails()).isTrue();
    assertThat(Linter.lint(spec, Policy.defaults().withSeverity("SEC-PRIVILEGED", Severity.WARNING)).fails()).isFalse();
    assertThat(Linter.lint(spec, Policy.defaults().withSeverity("SEC-PRIVILEGED", Severity.WARNING).failingAt(Severity.WARNING)).fails()).isTrue();
    assertThat(Linter.lint(spec, Policy.defaults().without("SEC-PRIVILEGED")).findings()).extracting(Finding::ruleId).doesNotContain("SEC-PRIVILEGED");
  }

  @Test
  void anAnonymousVolumeInADefinitionIsAWarningNamingItsTarget() {
    StackSpec spec = Stack.define("shop", s -> s.service("web", w -> w.image("node:20.11").mountAnonymousVolume("/app/node_modules"))).base();
    assertThat(Linter.lint(spec, Policy.defaults()).findings())
        .filteredOn(f -> f.ruleId().equals("DATA-ANONYMOUS-VOLUME"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.severity()).isEqualTo(Severity.WARNING);
          assertThat(f.message()).contains("keeps /app/node_modules in an anonymous volume");
        });
  }

  @Test
  void policyDocumentsAreReadAndCheckedForMistakes() {
    Policy policy = Policy.of(Map.of("failAt", "warning", "severities", Map.of("RES-NO-ULIMITS", "off", "IMG-FLOATING-TAG", "error")));
    assertThat(policy.failAt()).isEqualTo(Severity.WARNING);
    assertThat(policy.disabled()).containsExactly("RES-NO-ULIMITS");
    assertThat(policy.severities()).containsEntry("IMG-FLOATING-TAG", Severity.ERROR);
    assertThat(Policy.of(null)).isEqualTo(Policy.defaults());
    assertThatThrownBy(() -> Policy.of(Map.of("severities", Map.of("NO-SUCH-RULE", "error")))).hasMessage("policy: there is no rule \"NO-SUCH-RULE\"");
    assertThatThrownBy(() -> Policy.of(Map.of("failAt", "sometimes"))).hasMessageContaining("failAt is \"sometimes\"");
    assertThatThrownBy(() -> Policy.of(Map.of("fail", "error"))).hasMessageContaining("unknown key \"fail\"");
    assertThatThrownBy(() -> Policy.of(List.of("failAt"))).hasMessage("a policy file is a mapping with failAt and severities");
  }

  @Test
  void sarifHasEveryRequiredPropertyRuleAndLevel() throws Exception {
    StackSpec spec = Stack.define("shop", s -> s.service("web", w -> w.image("nginx").privileged()
        .accept("SEC-ROOT-USER", "the image drops root itself"))).base();
    JsonNode sarif = new ObjectMapper().readTree(Linter.lint(spec, Policy.defaults()).toSarif());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("Sentinel");
    JsonNode rules = run.path("tool").path("driver").path("rules");
    assertThat(rules).hasSize(Rules.ALL.size());
    List<String> ids = new ArrayList<>();
    rules.forEach(r -> {
      ids.add(r.path("id").asText());
      assertThat(r.path("shortDescription").path("text").asText()).isNotBlank();
      assertThat(r.path("defaultConfiguration").path("level").asText()).isIn("error", "warning", "note");
    });
    Map<String, JsonNode> results = new LinkedHashMap<>();
    run.path("results").forEach(r -> {
      results.put(r.path("ruleId").asText(), r);
      assertThat(r.path("message").path("text").asText()).isNotBlank();
      assertThat(r.path("level").asText()).isIn("error", "warning", "note");
      assertThat(ids.get(r.path("ruleIndex").asInt())).isEqualTo(r.path("ruleId").asText());
      assertThat(r.path("locations").get(0).path("logicalLocations").get(0).path("fullyQualifiedName").asText()).startsWith("shop.services.web.");
    });
    assertThat(results.get("SEC-PRIVILEGED").path("level").asText()).isEqualTo("error");
    assertThat(results.get("SEC-ROOT-USER").path("suppressions").get(0).path("justification").asText()).isEqualTo("the image drops root itself");
  }
}
