package dev.sentinel.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinel.dsl.Build;
import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.DeployRestartPolicy;
import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.FileMount;
import dev.sentinel.dsl.HealthCheck;
import dev.sentinel.dsl.Mount;
import dev.sentinel.dsl.PortMapping;
import dev.sentinel.dsl.PortRange;
import dev.sentinel.dsl.Protocol;
import dev.sentinel.dsl.RestartPolicy;
import dev.sentinel.dsl.Secret;
import dev.sentinel.dsl.Service;
import dev.sentinel.dsl.Size;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.dsl.Ulimit;
import dev.sentinel.dsl.UpdateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per Compose syntax form the import reads. Interpolation, merging and errors have their own classes. */
class ComposeImporterTest {
  @TempDir Path dir;
  ImportFixture fx;

  @BeforeEach
  void setUp() {
    fx = new ImportFixture(dir);
  }

  @Test
  void imageAndBuildShortAndLong() {
    StackSpec spec = fx.spec("""
        services:
          short: {build: ./app}
          long:
            image: shop/api:1.4
            build:
              context: ./api
              dockerfile: Dockerfile.prod
              target: runtime
              args: [VERSION=1.4, "LABEL=a b"]
          mapargs:
            build: {context: ., args: {A: "1"}}
        """);
    assertThat(spec.service("short").imageSource().build()).contains(new Build("./app", "Dockerfile", Optional.empty(), Map.of()));
    assertThat(spec.service("long").imageSource().image().get().toString()).isEqualTo("shop/api:1.4");
    assertThat(spec.service("long").imageSource().build()).contains(
        new Build("./api", "Dockerfile.prod", Optional.of("runtime"), Map.of("VERSION", "1.4", "LABEL", "a b")));
    assertThat(spec.service("mapargs").imageSource().build().get().args()).containsEntry("A", "1");
  }

  @Test
  void commandAndEntrypointAsStringAreSplitLikeAShellAndAsListKept() {
    Service s = fx.service("""
        services:
          web:
            image: nginx:1.25
            command: nginx -g "daemon off;" -c '/etc/my nginx.conf'
            entrypoint: ["/docker-entrypoint.sh", "--verbose"]
        """, "web");
    assertThat(s.execution().command()).containsExactly("nginx", "-g", "daemon off;", "-c", "/etc/my nginx.conf");
    assertThat(s.execution().entrypoint()).containsExactly("/docker-entrypoint.sh", "--verbose");
  }

  @Test
  void portsInEveryShortFormBindAllInterfacesUnlessAnIpIsGiven() {
    Service s = fx.service("""
        services:
          web:
            image: nginx:1.25
            ports:
              - "8080:80"
              - 127.0.0.1:8443:443/tcp
              - "53:53/udp"
              - "9000"
              - "[::1]:7000:7000"
              - "6000-6001:6000-6001"
              - "5000-5010:5000"
              - 4000
        """, "web");
    assertThat(s.networking().ports()).containsExactly(
        new PortMapping("0.0.0.0", Optional.of(PortRange.of(8080)), 80, Protocol.TCP),
        new PortMapping("127.0.0.1", Optional.of(PortRange.of(8443)), 443, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.of(PortRange.of(53)), 53, Protocol.UDP),
        new PortMapping("0.0.0.0", Optional.empty(), 9000, Protocol.TCP),
        new PortMapping("::1", Optional.of(PortRange.of(7000)), 7000, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.of(PortRange.of(6000)), 6000, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.of(PortRange.of(6001)), 6001, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.of(new PortRange(5000, 5010)), 5000, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.empty(), 4000, Protocol.TCP));
  }

  @Test
  void portsInTheLongForm() {
    Service s = fx.service("""
        services:
          web:
            image: nginx:1.25
            ports:
              - target: 80
                published: 8080
                host_ip: 127.0.0.1
                protocol: tcp
                mode: ingress
              - {target: 53, published: "5300-5301", protocol: udp}
        """, "web");
    assertThat(s.networking().ports()).containsExactly(
        new PortMapping("127.0.0.1", Optional.of(PortRange.of(8080)), 80, Protocol.TCP),
        new PortMapping("0.0.0.0", Optional.of(new PortRange(5300, 5301)), 53, Protocol.UDP));
  }

  @Test
  void volumesInTheShortForm() {
    StackSpec spec = fx.spec("""
        services:
          app:
            image: app:1
            volumes:
              - data:/data
              - data:/ro:ro
              - ./html:/usr/share/nginx/html
              - /var/log:/host-log:ro,rslave
              - ~/cache:/cache:rw
        volumes:
          data:
        """);
    assertThat(spec.service("app").storage().mounts()).containsExactly(
        new Mount.VolumeMount("data", "/data", false),
        new Mount.VolumeMount("data", "/ro", true),
        new Mount.BindMount("./html", "/usr/share/nginx/html", false),
        new Mount.BindMount("/var/log", "/host-log", true, Optional.of("rslave")),
        new Mount.BindMount("~/cache", "/cache", false));
  }

  @Test
  void volumesInTheLongFormAndTmpfsAsKey() {
    Service s = fx.service("""
        services:
          app:
            image: app:1
            volumes:
              - {type: volume, source: data, target: /data, read_only: true}
              - type: bind
                source: ./conf
                target: /conf
                bind: {propagation: shared, create_host_path: true}
              - type: tmpfs
                target: /scratch
                tmpfs: {size: 64m, mode: 01777}
            tmpfs:
              - /tmp
              - /run:size=16m,mode=0755
        volumes:
          data: {}
        """, "app");
    assertThat(s.storage().mounts()).containsExactly(
        new Mount.VolumeMount("data", "/data", true),
        new Mount.BindMount("./conf", "/conf", false, Optional.of("shared")),
        new Mount.TmpfsMount("/scratch", Optional.of(Size.mebibytes(64)), Optional.of(01777)),
        new Mount.TmpfsMount("/tmp", Optional.empty(), Optional.empty()),
        new Mount.TmpfsMount("/run", Optional.of(Size.mebibytes(16)), Optional.of(0755)));
  }

  @Test
  void environmentAsListOrMapWithReferencesKeptAndOtherValuesInterpolated() {
    Service s = fx.service("""
        services:
          app:
            image: app:1
            environment:
              - PLAIN=1
              - PASSED_THROUGH
              - WITH_DEFAULT=${HOST_URL:-http://localhost}
              - REQUIRED=${TAG:?set TAG}
              - OPTIONAL=${DB_PASSWORD}
              - MIXED=v${TAG}-x
          map:
            image: app:1
            environment:
              NUMBER: 3
              BOOL: true
              EMPTY:
        """, "app");
    assertThat(s.environment().variables()).containsExactly(
        Map.entry("PLAIN", new EnvValue.Literal("1")),
        Map.entry("PASSED_THROUGH", new EnvValue.FromHost("PASSED_THROUGH", Optional.empty(), false)),
        Map.entry("WITH_DEFAULT", new EnvValue.FromHost("HOST_URL", Optional.of("http://localhost"), false)),
        Map.entry("REQUIRED", new EnvValue.FromHost("TAG", Optional.empty(), true)),
        Map.entry("OPTIONAL", new EnvValue.FromHost("DB_PASSWORD", Optional.empty(), false)),
        Map.entry("MIXED", new EnvValue.Literal("v1.4-x")));
  }

  @Test
  void envFilesInEveryFormWithEnvironmentWinning() {
    fx.file("a.env", "# comment\nA=from-a\nSHARED=from-a\nexport QUOTED=\"x y\"\nSINGLE='$NOT_INTERPOLATED'\n");
    fx.file("b.env", "B=from-b\n");
    Service s = fx.service("""
        services:
          app:
            image: app:1
            environment: {SHARED: from-environment}
            env_file:
              - a.env
              - path: b.env
              - path: missing.env
                required: false
        """, "app");
    assertThat(s.environment().variables()).containsEntry("A", new EnvValue.Literal("from-a"))
        .containsEntry("B", new EnvValue.Literal("from-b"))
        .containsEntry("QUOTED", new EnvValue.Literal("x y"))
        .containsEntry("SINGLE", new EnvValue.Literal("$NOT_INTERPOLATED"))
        .containsEntry("SHARED", new EnvValue.Literal("from-environment"));
    assertThat(fx.error("services:\n  app:\n    image: app:1\n    env_file: nowhere.env\n"))
        .contains("compose.yml:4: services.app.env_file[0]: env file").contains("nowhere.env does not exist");
  }

  @Test
  void secretsAndConfigsShortAndLongWithTheirSources() {
    fx.file("nginx.conf", "events {}\n");
    StackSpec spec = fx.spec("""
        services:
          app:
            image: app:1
            secrets:
              - db
              - source: tls
                target: server.key
                uid: "1000"
                gid: "1000"
                mode: 0400
            configs:
              - nginx
              - {source: inline, target: /etc/inline.txt}
        secrets:
          db: {file: ./db.txt}
          tls: {environment: TLS_KEY}
        configs:
          nginx: {file: ./nginx.conf}
          inline: {content: "costs $$5"}
        """);
    Service app = spec.service("app");
    assertThat(app.storage().secrets()).containsExactly(
        new FileMount("db", "/run/secrets/db", Optional.empty(), Optional.empty(), Optional.empty()),
        new FileMount("tls", "/run/secrets/server.key", Optional.of("1000"), Optional.of("1000"), Optional.of(0400)));
    assertThat(app.storage().configs()).containsExactly(
        new FileMount("nginx", "/nginx", Optional.empty(), Optional.empty(), Optional.empty()),
        new FileMount("inline", "/etc/inline.txt", Optional.empty(), Optional.empty(), Optional.empty()));
    assertThat(spec.secrets().get("db").source()).isEqualTo(new Secret.Source.FromFile("./db.txt"));
    assertThat(spec.secrets().get("tls").source()).isEqualTo(new Secret.Source.FromEnvironment("TLS_KEY"));
    assertThat(spec.configs().get("inline").source()).isEqualTo(new dev.sentinel.dsl.Config.Source.Content("costs $5"));
  }

  @Test
  void aVariableThatNamesAMountedSecretFileBecomesASecretFileReference() {
    fx.file("pw.txt", "x\n");
    ComposeImport imported = fx.imported("""
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD_FILE: /run/secrets/pw
              TLS_KEY_FILE: /etc/tls/key.pem
              OTHER_FILE: /run/secrets/not-mounted
            secrets:
              - pw
              - {source: tls, target: /etc/tls/key.pem}
        secrets:
          pw: {file: ./pw.txt}
          tls: {file: ./pw.txt}
        """);
    Service db = imported.stack().base().service("db");
    assertThat(db.environment().variables()).containsExactly(
        Map.entry("POSTGRES_PASSWORD_FILE", new EnvValue.SecretFile("pw")),
        Map.entry("TLS_KEY_FILE", new EnvValue.SecretFile("tls")),
        Map.entry("OTHER_FILE", new EnvValue.Literal("/run/secrets/not-mounted")));
    assertThat(db.storage().secrets()).extracting(FileMount::target).containsExactly("/run/secrets/pw", "/etc/tls/key.pem");
    assertThat(imported.toJava("x.Db")).contains(".envSecretFile(\"POSTGRES_PASSWORD_FILE\", \"pw\")");
  }

  @Test
  void healthChecksInEveryForm() {
    StackSpec spec = fx.spec("""
        services:
          string: {image: a:1, healthcheck: {test: "curl -f http://localhost || exit 1", interval: 10s, timeout: 2s, retries: 4, start_period: 1m}}
          cmd: {image: a:1, healthcheck: {test: [CMD, pg_isready, -U, app]}}
          shell: {image: a:1, healthcheck: {test: [CMD-SHELL, redis-cli ping]}}
          none: {image: a:1, healthcheck: {test: [NONE]}}
          disabled: {image: a:1, healthcheck: {disable: true}}
        """);
    HealthCheck string = spec.service("string").lifecycle().healthCheck().get();
    assertThat(string.test()).isEqualTo(new HealthCheck.Test.Shell("curl -f http://localhost || exit 1"));
    assertThat(string.interval()).contains(Duration.ofSeconds(10));
    assertThat(string.timeout()).contains(Duration.ofSeconds(2));
    assertThat(string.retries()).contains(4);
    assertThat(string.startPeriod()).contains(Duration.ofMinutes(1));
    assertThat(spec.service("cmd").lifecycle().healthCheck().get().test()).isEqualTo(new HealthCheck.Test.Exec(List.of("pg_isready", "-U", "app")));
    assertThat(spec.service("shell").lifecycle().healthCheck().get().test()).isEqualTo(new HealthCheck.Test.Shell("redis-cli ping"));
    assertThat(spec.service("none").lifecycle().healthCheck().get().isDisabled()).isTrue();
    assertThat(spec.service("disabled").lifecycle().healthCheck().get().isDisabled()).isTrue();
  }

  @Test
  void dependsOnShortAndLong() {
    StackSpec spec = fx.spec("""
        services:
          db: {image: db:1, healthcheck: {test: [CMD, ready]}}
          migrate: {image: m:1, depends_on: [db]}
          app:
            image: app:1
            depends_on:
              db: {condition: service_healthy, restart: true, required: true}
              migrate: {condition: service_completed_successfully}
        """);
    assertThat(spec.service("migrate").lifecycle().dependsOn()).containsEntry("db", new Dependency("db", Dependency.Condition.STARTED, false));
    assertThat(spec.service("app").lifecycle().dependsOn()).containsExactly(
        Map.entry("db", new Dependency("db", Dependency.Condition.HEALTHY, true)),
        Map.entry("migrate", new Dependency("migrate", Dependency.Condition.COMPLETED_SUCCESSFULLY, false)));
  }

  @Test
  void restartDeployAndLegacyResourceKeys() {
    StackSpec spec = fx.spec("""
        services:
          swarm:
            image: a:1
            restart: on-failure:3
            deploy:
              mode: replicated
              replicas: 3
              resources:
                limits: {cpus: "0.5", memory: 512M, pids: 100}
                reservations: {cpus: "0.25", memory: 128M}
              update_config: {parallelism: 2, delay: 10s, failure_action: rollback, order: start-first, monitor: 30s, max_failure_ratio: 0.25}
              placement: {constraints: [node.role == worker]}
          worker:
            image: a:1
            deploy:
              restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
          legacy:
            image: a:1
            restart: unless-stopped
            mem_limit: 1g
            mem_reservation: 256m
            cpus: 1.5
            pids_limit: 64
            ulimits:
              nofile: {soft: 1024, hard: 2048}
              nproc: 512
              memlock: -1
        """);
    Service swarm = spec.service("swarm");
    assertThat(swarm.lifecycle().restart()).contains(RestartPolicy.onFailure(3));
    assertThat(swarm.deploy().replicas()).isEqualTo(3);
    assertThat(swarm.resources().memoryLimit()).contains(Size.mebibytes(512));
    assertThat(swarm.resources().cpuLimit().get().toCompose()).isEqualTo("0.5");
    assertThat(swarm.resources().pidsLimit()).contains(100L);
    assertThat(swarm.resources().memoryReservation()).contains(Size.mebibytes(128));
    assertThat(swarm.deploy().update()).contains(new UpdateConfig(2, Duration.ofSeconds(10), UpdateConfig.FailureAction.ROLLBACK, UpdateConfig.Order.START_FIRST,
        java.util.Optional.of(Duration.ofSeconds(30)), 0.25));
    assertThat(swarm.deploy().placementConstraints()).containsExactly("node.role == worker");
    Service worker = spec.service("worker");
    assertThat(worker.deploy().restartPolicy()).contains(new DeployRestartPolicy(
        DeployRestartPolicy.Condition.ON_FAILURE, Optional.of(Duration.ofSeconds(5)), Optional.of(3), Optional.of(Duration.ofMinutes(2))));
    assertThat(worker.lifecycle().restart()).isEmpty();
    assertThat(worker.effectiveRestart()).contains(RestartPolicy.onFailure(3));
    Service legacy = spec.service("legacy");
    assertThat(legacy.lifecycle().restart()).contains(RestartPolicy.unlessStopped());
    assertThat(legacy.resources().memoryLimit()).contains(Size.gibibytes(1));
    assertThat(legacy.resources().memoryReservation()).contains(Size.mebibytes(256));
    assertThat(legacy.resources().cpuLimit().get().toCompose()).isEqualTo("1.5");
    assertThat(legacy.resources().pidsLimit()).contains(64L);
    assertThat(legacy.kernel().ulimits()).containsExactly(
        Map.entry("nofile", new Ulimit(1024, 2048)), Map.entry("nproc", new Ulimit(512, 512)), Map.entry("memlock", new Ulimit(-1, -1)));
  }

  @Test
  void securityLoggingLabelsProfilesAndNaming() {
    Service s = fx.service("""
        services:
          app:
            image: app:1
            user: "10001:10001"
            read_only: true
            security_opt: [no-new-privileges, "seccomp=./profile.json"]
            cap_drop: [ALL]
            cap_add: [NET_BIND_SERVICE]
            privileged: false
            init: true
            pid: host
            ipc: private
            userns_mode: host
            uts: host
            devices: ["/dev/fuse:/dev/fuse:rwm"]
            logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}
            labels: [com.example.team=shop, "com.example.empty="]
            profiles: [debug, tools]
            hostname: app-host
            container_name: the-app
            working_dir: /srv
            stop_signal: SIGQUIT
            stop_grace_period: 1m30s
        """, "app");
    assertThat(s.security().user().get().spec()).isEqualTo("10001:10001");
    assertThat(s.security().readOnlyRootFilesystem()).isTrue();
    assertThat(s.security().noNewPrivileges()).isTrue();
    assertThat(s.security().securityOpt()).containsExactly("seccomp=./profile.json");
    assertThat(s.security().capDrop()).containsExactly("ALL");
    assertThat(s.security().capAdd()).containsExactly("NET_BIND_SERVICE");
    assertThat(s.security().privileged()).isFalse();
    assertThat(s.security().init()).isTrue();
    assertThat(s.security().pid()).contains("host");
    assertThat(s.security().ipc()).contains("private");
    assertThat(s.security().usernsMode()).contains("host");
    assertThat(s.security().uts()).contains("host");
    assertThat(s.security().devices()).containsExactly("/dev/fuse:/dev/fuse:rwm");
    assertThat(s.logging().get().options()).containsOnly(Map.entry("max-size", "10m"), Map.entry("max-file", "3"));
    assertThat(s.labels()).containsExactly(Map.entry("com.example.team", "shop"), Map.entry("com.example.empty", ""));
    assertThat(s.profiles()).containsExactly("debug", "tools");
    assertThat(s.naming().hostname()).contains("app-host");
    assertThat(s.naming().containerName()).contains("the-app");
    assertThat(s.execution().workingDir()).contains("/srv");
    assertThat(s.lifecycle().stopSignal()).contains("SIGQUIT");
    assertThat(s.lifecycle().stopGracePeriod()).contains(Duration.ofSeconds(90));
  }

  @Test
  void hostsDnsExposeSysctlsAndShmSize() {
    StackSpec spec = fx.spec("""
        services:
          list:
            image: a:1
            extra_hosts: ["db.legacy:10.0.0.5", "eq.legacy=10.0.0.6", "v6.legacy:::1"]
            dns: 10.0.0.53
            expose: ["3000", "8000-8001/udp"]
            sysctls: [net.core.somaxconn=1024]
            shm_size: 256m
          map:
            image: a:1
            extra_hosts: {db.legacy: 10.0.0.5}
            dns: [10.0.0.53, 10.0.0.54]
            sysctls: {net.ipv4.tcp_syncookies: 0}
            shm_size: 1048576
        """);
    Service list = spec.service("list");
    assertThat(list.naming().extraHosts()).containsExactly(Map.entry("db.legacy", "10.0.0.5"), Map.entry("eq.legacy", "10.0.0.6"), Map.entry("v6.legacy", "::1"));
    assertThat(list.naming().dns()).containsExactly("10.0.0.53");
    assertThat(list.networking().expose()).containsExactly("3000", "8000-8001/udp");
    assertThat(list.kernel().sysctls()).containsExactly(Map.entry("net.core.somaxconn", "1024"));
    assertThat(list.kernel().shmSize()).contains(Size.mebibytes(256));
    Service map = spec.service("map");
    assertThat(map.naming().extraHosts()).containsExactly(Map.entry("db.legacy", "10.0.0.5"));
    assertThat(map.naming().dns()).containsExactly("10.0.0.53", "10.0.0.54");
    assertThat(map.kernel().sysctls()).containsExactly(Map.entry("net.ipv4.tcp_syncookies", "0"));
    assertThat(map.kernel().shmSize()).contains(Size.mebibytes(1));
    assertThat(fx.error("services:\n  a:\n    image: a:1\n    expose: [\"http\"]\n")).contains("services.a.expose: \"http\" is not a port or port range");
  }

  @Test
  void networksTopLevelAndPerServiceWithAliases() {
    StackSpec spec = fx.spec("""
        services:
          app:
            image: app:1
            networks:
              front:
              back: {aliases: [api, app.internal]}
          worker: {image: w:1, networks: [back]}
          sidecar: {image: s:1, network_mode: "service:app"}
        networks:
          front: {driver: bridge, labels: {tier: edge}}
          back: {internal: true, attachable: true}
          shared: {external: true}
          proxy: {external: true, name: traefik_proxy}
          fixed: {name: shop-fixed}
        """);
    assertThat(spec.service("app").networking().networks().get("back").aliases()).containsExactly("api", "app.internal");
    assertThat(spec.service("app").networking().networks()).containsOnlyKeys("front", "back");
    assertThat(spec.service("worker").networking().networks()).containsOnlyKeys("back");
    assertThat(spec.service("sidecar").networking().networkMode()).contains("service:app");
    assertThat(spec.networks().get("front").driver()).contains("bridge");
    assertThat(spec.networks().get("front").labels()).containsEntry("tier", "edge");
    assertThat(spec.networks().get("back").internal()).isTrue();
    assertThat(spec.networks().get("back").attachable()).isTrue();
    assertThat(spec.networks().get("shared").external()).isTrue();
    assertThat(spec.networks().get("shared").engineName("test")).isEqualTo("shared");
    assertThat(spec.networks().get("proxy").engineName("test")).isEqualTo("traefik_proxy");
    assertThat(spec.networks().get("fixed").engineName("test")).isEqualTo("shop-fixed");
    assertThat(spec.networks().get("front").engineName("test")).isEqualTo("test_front");
  }

  @Test
  void volumesTopLevelWithDriverOptionsLabelsExternalAndSentinelBackup() {
    StackSpec spec = fx.spec("""
        services:
          redis: {image: redis:7, volumes: [data:/data]}
        volumes:
          data:
            driver: local
            driver_opts: {type: tmpfs, device: tmpfs}
            labels: [backup=daily]
            x-sentinel-backup:
              consistency: pause
              before: {service: redis, command: [redis-cli, SAVE]}
          old: {external: true}
          media: {name: shared-media}
        """);
    var data = spec.volumes().get("data");
    assertThat(data.driver()).contains("local");
    assertThat(data.driverOptions()).containsEntry("device", "tmpfs");
    assertThat(data.labels()).containsEntry("backup", "daily");
    assertThat(data.backup().consistency()).isEqualTo(dev.sentinel.dsl.BackupPolicy.Consistency.PAUSE);
    assertThat(data.backup().before().get().command()).containsExactly("redis-cli", "SAVE");
    assertThat(spec.volumes().get("old").external()).isTrue();
    assertThat(spec.volumes().get("old").engineName("test")).isEqualTo("old");
    assertThat(spec.volumes().get("media").engineName("test")).isEqualTo("shared-media");
  }

  @Test
  void anchorsMergeKeysAndExtensionFields() {
    ComposeImport imported = fx.imported("""
        x-base: &base
          image: app:1
          restart: always
          environment: &env {A: "1", B: "2"}
        services:
          one:
            <<: *base
            restart: "no"
          two:
            <<: [*base]
            environment:
              <<: *env
              B: overridden
            x-note: for humans
        """);
    StackSpec spec = imported.stack().base();
    assertThat(spec.service("one").lifecycle().restart()).contains(RestartPolicy.no());
    assertThat(spec.service("one").imageSource().image().get().toString()).isEqualTo("app:1");
    assertThat(spec.service("two").lifecycle().restart()).contains(RestartPolicy.always());
    assertThat(spec.service("two").environment().variables()).containsEntry("A", new EnvValue.Literal("1")).containsEntry("B", new EnvValue.Literal("overridden"));
    assertThat(imported.warnings()).extracting(ImportNote::toString).containsExactly(
        "compose.yml:1: x-base: extension field ignored (Compose ignores it too; anchors defined in it were applied)",
        "compose.yml:14: services.two.x-note: extension field dropped (Compose ignores x- fields too)");
  }

  @Test
  void extendsWithinAFileAndAcrossFiles() {
    fx.file("common/base.yml", """
        services:
          java:
            image: temurin:21
            environment: {TZ: UTC, HEAP: 75}
            read_only: true
            build: runtime
            volumes: [./logging.xml:/etc/logging.xml:ro, /etc/localtime:/etc/localtime:ro]
        """);
    StackSpec spec = fx.spec("""
        services:
          orders:
            extends: {file: common/base.yml, service: java}
            environment: {SERVICE: orders}
          billing:
            extends: orders
            environment: {SERVICE: billing, TZ: Europe/Paris}
        """);
    Service billing = spec.service("billing");
    assertThat(billing.imageSource().image().get().toString()).isEqualTo("temurin:21");
    assertThat(billing.security().readOnlyRootFilesystem()).isTrue();
    assertThat(billing.environment().variables()).containsEntry("SERVICE", new EnvValue.Literal("billing"))
        .containsEntry("TZ", new EnvValue.Literal("Europe/Paris")).containsEntry("HEAP", new EnvValue.Literal("75"));
    assertThat(spec.services()).containsOnlyKeys("orders", "billing");
    // Relative paths of a base from another directory stay relative to that file, as Compose reads them.
    assertThat(billing.imageSource().build().get().context()).isEqualTo("./common/runtime");
    assertThat(billing.storage().mounts()).containsExactly(
        new Mount.BindMount("./common/logging.xml", "/etc/logging.xml", true), new Mount.BindMount("/etc/localtime", "/etc/localtime", true));
    assertThat(fx.error("services:\n  a: {extends: b, image: x:1}\n  b: {extends: a}\n")).contains("in a cycle");
    assertThat(fx.error("services:\n  a: {extends: nothing, image: x:1}\n")).contains("compose.yml:2: services.a.extends: service \"nothing\" is not defined in compose.yml");
  }

  @Test
  void includedFilesJoinTheStackWithPathsRelativeToThemselves() {
    fx.file("db/compose.yml", """
        services:
          db:
            image: postgres:16
            volumes: [./init:/docker-entrypoint-initdb.d:ro, pg:/var/lib/postgresql/data]
            secrets: [pg]
        volumes:
          pg:
        secrets:
          pg: {file: pg.txt}
        """);
    fx.file("cache/compose.yml", "services:\n  cache:\n    build: ./image\n    image: cache:1\n");
    StackSpec spec = fx.spec("""
        include:
          - db/compose.yml
          - path: [cache/compose.yml]
            project_directory: .
        services:
          app: {image: app:1, depends_on: [db, cache]}
        """);
    assertThat(spec.services()).containsOnlyKeys("db", "cache", "app");
    assertThat(spec.service("db").storage().mounts()).contains(new Mount.BindMount("./db/init", "/docker-entrypoint-initdb.d", true));
    assertThat(spec.secrets().get("pg").source()).isEqualTo(new Secret.Source.FromFile("./db/pg.txt"));
    assertThat(spec.service("cache").imageSource().build().get().context()).isEqualTo("./image");

    assertThat(fx.error("include: [db/compose.yml]\nservices:\n  db: {image: other:1}\n"))
        .contains("compose.yml:1: include[0]: services.db is defined both here and in the included db/compose.yml");
    fx.file("loop/a.yml", "include: [b.yml]\nservices:\n  a: {image: a:1}\n");
    fx.file("loop/b.yml", "include: [a.yml]\nservices:\n  b: {image: b:1}\n");
    assertThat(fx.error("include: [loop/a.yml]\nservices:\n  x: {image: x:1}\n")).contains("a.yml includes itself");
    assertThat(fx.error("include:\n  - path: db/compose.yml\n    env_file: db.env\nservices:\n  x: {image: x:1}\n"))
        .contains("compose.yml:2: include[0].env_file: env file db.env does not exist");
    fx.file("db/db.env", "DB_TAG=16.4\n");
    fx.file("db/tagged.yml", "services:\n  tagged: {image: \"postgres:${DB_TAG}\"}\n");
    assertThat(fx.imported("include:\n  - path: db/tagged.yml\n    env_file: db/db.env\nservices:\n  x: {image: x:1}\n").stack().base()
        .service("tagged").imageSource().image()).hasValueSatisfying(i -> assertThat(i.toString()).isEqualTo("postgres:16.4"));
  }

  @Test
  void theProjectNameComesFromTheOptionThenTheFilesThenTheDirectory() throws Exception {
    Path named = fx.file("named/compose.yml", "name: shop\nservices:\n  a: {image: a:1}\n");
    Path unnamed = fx.file("My Project_1/compose.yml", "services:\n  a: {image: a:1}\n");
    assertThat(ComposeImporter.create().importFiles(named).stack().name()).isEqualTo("shop");
    assertThat(ComposeImporter.create().importFiles(unnamed).stack().name()).isEqualTo("myproject_1");
    assertThat(ComposeImporter.create().withProjectName("other").importFiles(named).stack().name()).isEqualTo("other");
  }
}
