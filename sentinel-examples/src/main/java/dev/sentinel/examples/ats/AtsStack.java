package dev.sentinel.examples.ats;

import static dev.sentinel.dsl.Units.seconds;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.ServiceBuilder;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ATS Sentinel Swarm: an orchestrator and its agents (one program, two modes), Redis,
 * Prometheus with generated scrape targets, alerts and console dashboard ({@code /consoles/ats.html}),
 * and Grafana with the same dashboard (profile {@code dashboards}).
 * Every service is hardened, health-checked, limited and on only the networks it needs; no
 * credential is written anywhere: Redis's and Grafana's passwords are generated secrets.
 *
 * <pre>{@code
 * sentinel --env development up        # scripts/bootstrap.sh development does everything
 * }</pre>
 *
 * <p>Image build contexts are relative to {@code sentinel-examples/images} under the working
 * directory, or to the system property {@value #IMAGES_PROPERTY}.
 */
public final class AtsStack implements StackDefinition {
  /** Where the Dockerfiles are. */
  public static final String IMAGES_PROPERTY = "ats.images";

  private static final Map<String, String> ROTATED_LOGS = Map.of("max-size", "10m", "max-file", "3");
  /**
   * The redis-data volume's after-backup hook: records the time in Redis, which the orchestrator
   * exports for the BackupTooOld alert. Redis was just restarted by the backup, so it retries.
   */
  static final String RECORD_BACKUP = "export REDISCLI_AUTH=\"$(cat /run/secrets/redis-password)\"; for i in $(seq 1 30); do"
      + " redis-cli SET ats:last-backup \"$(date +%s)\" | grep -q OK && exit 0; sleep 1; done; exit 1";

  @Override
  public Stack define() {
    String images = System.getProperty(IMAGES_PROPERTY, "sentinel-examples/images");
    List<MetricsEndpoint> metrics = new ArrayList<>();
    return Stack.define("ats-sentinel", s -> {
      s.network("frontend")
          .network("backend", n -> n.internal())
          .network("monitoring", n -> n.internal())
          .volume("redis-data", v -> v.backup(b -> b.after("redis", "sh", "-c", RECORD_BACKUP)))
          .volume("prometheus-data")
          .secret("redis-password", x -> x.generated(32))
          .secret("grafana-admin-password", x -> x.generated(24));

      s.service("redis", r -> r
          .build(b -> b.context(images + "/redis"))
          .image("ats/redis:1.0")
          .user("redis").hardened()
          .network("backend")
          .mountVolume("redis-data", "/data")
          .envSecretFile("REDIS_PASSWORD_FILE", "redis-password")
          .healthCheck(h -> h.shell("REDISCLI_AUTH=\"$(cat /run/secrets/redis-password)\" redis-cli ping | grep -q PONG")
              .every(seconds(5)).timeout(seconds(3)).retries(5).startPeriod(seconds(5)))
          .restart("unless-stopped").stopGracePeriod("20s")
          .memoryLimit("256m").memoryReservation("64m").cpuLimit("0.5").ulimit("nofile", 10000, 10000)
          .logging("json-file", ROTATED_LOGS));

      s.service("orchestrator", o -> {
        javaService(o, images)
            .network("frontend").network("backend").network("monitoring")
            .port("127.0.0.1:8080:8080")
            .healthCheck(h -> h.command("bash", "-c", httpCheck(8080, "/health")).every(seconds(5)).timeout(seconds(3)).retries(5)
                .startPeriod(seconds(10)))
            .dependsOn("redis", Dependency.Condition.HEALTHY)
            .memoryLimit("256m").memoryReservation("128m").cpuLimit("1");
        metrics.add(new MetricsEndpoint("orchestrator", 8080, "/metrics"));
      });

      s.service("agent", a -> {
        javaService(a, images)
            .command("agent")
            .env("PORT", "9100")
            .network("backend").network("monitoring")
            .healthCheck(h -> h.command("bash", "-c", httpCheck(9100, "/health")).every(seconds(5)).timeout(seconds(3)).retries(5)
                .startPeriod(seconds(10)))
            .dependsOn("redis", Dependency.Condition.HEALTHY)
            .dependsOn("orchestrator", Dependency.Condition.HEALTHY)
            .memoryLimit("192m").memoryReservation("96m").cpuLimit("0.5");
        metrics.add(new MetricsEndpoint("agent", 9100, "/metrics"));
      });

      s.service("prometheus", p -> p
          .build(b -> b.context(images + "/prometheus"))
          .image("ats/prometheus:1.0")
          .user(10002, 10002).hardened()
          .network("monitoring").network("frontend")
          .port("127.0.0.1:9090:9090")
          .config("prometheus-yml", "/etc/prometheus/prometheus.yml")
          .config("alert-rules-yml", "/etc/prometheus/alert_rules.yml")
          .config("prometheus-console", "/etc/prometheus/consoles/ats.html")
          .mountVolume("prometheus-data", "/prometheus")
          .healthCheck(h -> h.command("bash", "-c", httpCheck(9090, "/-/ready")).every(seconds(5)).timeout(seconds(3)).retries(5)
              .startPeriod(seconds(10)))
          .dependsOn("orchestrator", Dependency.Condition.STARTED)
          .restart("unless-stopped")
          .memoryLimit("512m").memoryReservation("128m").cpuLimit("1").ulimit("nofile", 10000, 10000)
          .logging("json-file", ROTATED_LOGS));
      s.config("prometheus-yml", c -> c.content(PrometheusFiles.config(metrics)));
      s.config("alert-rules-yml", c -> c.content(PrometheusFiles.alertRules(metrics)));
      // The same panels twice: served by Prometheus itself at /consoles/ats.html, and provisioned into Grafana.
      s.config("prometheus-console", c -> c.content(AtsSignals.dashboard().toPrometheusConsole()));
      s.config("grafana-dashboard", c -> c.content(AtsSignals.dashboard().toGrafanaJson()));
      s.config("grafana-dashboards", c -> c.content(
          "apiVersion: 1\nproviders:\n  - name: ats\n    type: file\n    options:\n      path: /etc/grafana/dashboards\n"));

      s.service("grafana", g -> g
          .image("grafana/grafana:10.4.2")
          .profiles("dashboards")
          .user(472, 0).readOnlyRootFilesystem().mountTmpfs("/tmp").mountTmpfs("/var/lib/grafana", "256m")
          .noNewPrivileges().dropCapabilities("ALL").pidsLimit(256)
          .network("monitoring").network("frontend")
          .port("127.0.0.1:3000:3000")
          .envSecretFile("GF_SECURITY_ADMIN_PASSWORD__FILE", "grafana-admin-password")
          .env("GF_PATHS_PROVISIONING", "/etc/grafana/provisioning")
          .config("grafana-datasource", "/etc/grafana/provisioning/datasources/prometheus.yml")
          .config("grafana-dashboards", "/etc/grafana/provisioning/dashboards/ats.yml")
          .config("grafana-dashboard", "/etc/grafana/dashboards/ats.json")
          .healthCheck(h -> h.command("wget", "-q", "--spider", "http://127.0.0.1:3000/api/health").every(seconds(10)).retries(5)
              .startPeriod(seconds(30)))
          .dependsOn("prometheus", Dependency.Condition.HEALTHY)
          .restart("unless-stopped")
          .memoryLimit("256m").cpuLimit("0.5").ulimit("nofile", 10000, 10000)
          .logging("json-file", ROTATED_LOGS));
      s.config("grafana-datasource", c -> c.content(
          "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    access: proxy\n    url: http://prometheus:9090\n    isDefault: true\n"));

      s.environment("development", e -> e
          .service("agent", a -> a.replicas(1).env("LOG_LEVEL", "debug"))
          .service("orchestrator", o -> o.env("LOG_LEVEL", "debug")));

      s.environment("production", e -> e
          // On a Swarm, spread the agents over the nodes' zones (a soft preference: nodes without the label still count).
          .service("agent", a -> a.replicas(3).memoryLimit("256m").cpuLimit("0.75").placementSpread("node.labels.zone"))
          .service("orchestrator", o -> o.memoryLimit("512m").cpuLimit("2"))
          .service("prometheus", p -> p.removePort(9090).removeNetwork("frontend"))
          .service("grafana", g -> g.removePort(3000).removeNetwork("frontend")));

      s.environment("ubuntu", e -> e
          .service("agent", a -> a.replicas(3).logging("journald", Map.of("tag", "ats-{{.Name}}")))
          .service("orchestrator", o -> o.memoryLimit("512m").cpuLimit("2").logging("journald", Map.of("tag", "ats-{{.Name}}")))
          .service("redis", r -> r.logging("journald", Map.of("tag", "ats-{{.Name}}")))
          .service("prometheus", p -> p.removePort(9090).removeNetwork("frontend").logging("journald", Map.of("tag", "ats-{{.Name}}")))
          .service("grafana", g -> g.removePort(3000).removeNetwork("frontend").logging("journald", Map.of("tag", "ats-{{.Name}}")))
          .volume("prometheus-data", v -> v.driverOption("type", "none").driverOption("o", "bind")
              .driverOption("device", "/var/lib/ats-sentinel/prometheus")));
    });
  }

  private static ServiceBuilder javaService(ServiceBuilder svc, String images) {
    return svc.build(b -> b.context(images + "/orchestrator"))
        .image("ats/orchestrator:1.0")
        .user(10001, 10001).hardened()
        .env("REDIS_HOST", "redis")
        .envSecretFile("REDIS_PASSWORD_FILE", "redis-password")
        .restart("unless-stopped").stopGracePeriod("10s")
        .ulimit("nofile", 4096, 4096)
        .logging("json-file", ROTATED_LOGS);
  }

  /** A health check with bash's /dev/tcp: the slim images have no wget or curl. */
  private static String httpCheck(int port, String path) {
    return "exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf 'GET " + path + " HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3"
        + " && head -n 1 <&3 | grep -q ' 200 '";
  }
}
