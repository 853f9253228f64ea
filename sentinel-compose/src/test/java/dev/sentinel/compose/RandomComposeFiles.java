package dev.sentinel.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random Compose files made of the syntax forms the import accepts, combined the ways real files
 * combine them, for the randomized round trip. A seed gives the same file every time, so a failure
 * can be replayed. The files avoid only what Compose or the model rejects as a whole (two spellings
 * of one limit, fixed host ports on several replicas, healthy dependencies without checks).
 */
final class RandomComposeFiles {
  private final Random random;
  private final Set<String> volumes = new LinkedHashSet<>();
  private final Set<String> networks = new LinkedHashSet<>();
  private final List<String> secrets = new ArrayList<>();
  private int nextHostPort;

  private RandomComposeFiles(long seed) {
    this.random = new Random(seed);
    this.nextHostPort = 20000 + (int) (Math.abs(seed) % 1000) * 10;
  }

  /** The Compose file for {@code seed}; secrets it declares read {@code ./secret.txt}. */
  static String generate(long seed) {
    return new RandomComposeFiles(seed).file();
  }

  private String file() {
    StringBuilder services = new StringBuilder("services:\n");
    int count = 1 + random.nextInt(4);
    List<String> healthy = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "svc" + i;
      services.append("  ").append(name).append(":\n");
      boolean checked = service(services, names, healthy);
      if (checked) {
        healthy.add(name);
      }
      names.add(name);
    }
    StringBuilder out = new StringBuilder(services);
    if (!networks.isEmpty()) {
      out.append("networks:\n");
      for (String n : networks) {
        out.append("  ").append(n).append(":").append(pick(" {}", " {internal: true}", "\n    driver: bridge", "\n    labels: [tier=" + n + "]",
            "\n    driver_opts: {com.docker.network.driver.mtu: \"1400\"}",
            "\n    ipam:\n      config:\n        - subnet: 10.9" + n.charAt(3) + ".0.0/24\n          gateway: 10.9" + n.charAt(3) + ".0.1",
            "\n    enable_ipv6: true\n    ipam: {config: [{subnet: \"fd00:9" + n.charAt(3) + "::/64\"}]}")).append('\n');
      }
    }
    if (!volumes.isEmpty()) {
      out.append("volumes:\n");
      for (String v : volumes) {
        out.append("  ").append(v).append(":").append(pick("", " {}", "\n    labels: {backup: daily}", "\n    driver: local")).append('\n');
      }
    }
    if (!secrets.isEmpty()) {
      out.append("secrets:\n");
      for (String s : secrets) {
        out.append("  ").append(s).append(pick(": {file: ./secret.txt}\n", ": {external: true, name: platform-" + s + "}\n"));
      }
    }
    return out.toString();
  }

  /** Appends one service's attributes; true when it has a health check. */
  private boolean service(StringBuilder out, List<String> earlier, List<String> healthy) {
    int replicas = chance(4) ? 2 + random.nextInt(2) : 1;
    out.append("    image: ").append(pick("nginx:1.25", "registry.example.test/team/app:2.3.1", "redis:7.2", "postgres:16.2")).append('\n');
    if (chance(3)) {
      out.append("    command: ").append(pick("serve --port 8080", "[\"run\", \"--flag\", \"a b\"]", "sh -c 'echo \"hi there\"'")).append('\n');
    }
    if (chance(5)) {
      out.append("    entrypoint: ").append(pick("[\"/entry.sh\"]", "/entry.sh --verbose")).append('\n');
    }
    if (chance(4)) {
      out.append("    working_dir: /srv/app\n");
    }
    if (chance(2)) {
      out.append(chance(2)
          ? "    environment:\n      LOG_LEVEL: info\n      WORKERS: 4\n      GREETING: \"costs $$5\"\n"
          : "    environment:\n      - LOG_LEVEL=debug\n      - EMPTY=\n      - PASSED\n");
    }
    if (chance(3)) {
      out.append(chance(2) ? "    labels:\n      com.example.team: shop\n" : "    labels: [com.example.tier=web, com.example.empty=]\n");
    }
    if (replicas == 1 && chance(2)) {
      out.append("    ports:\n");
      int n = 1 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        int host = nextHostPort++;
        int target = 8000 + random.nextInt(100) * 10 + i;
        out.append(pick(
            "      - \"" + host + ":" + target + "\"\n",
            "      - \"127.0.0.1:" + host + ":" + target + "/udp\"\n",
            "      - \"" + target + "\"\n",
            "      - target: " + target + "\n        published: " + host + "\n        host_ip: 127.0.0.1\n        protocol: tcp\n",
            "      - target: " + target + "\n        published: \"" + host + "\"\n        name: web" + i + "\n        app_protocol: http\n        mode: host\n"));
      }
    }
    if (chance(2)) {
      out.append("    volumes:\n");
      String volume = "data" + random.nextInt(3);
      volumes.add(volume);
      out.append(pick(
          "      - " + volume + ":/data\n",
          "      - " + volume + ":/data:ro\n",
          "      - type: volume\n        source: " + volume + "\n        target: /data\n        read_only: true\n",
          "      - ./conf:/etc/app:ro\n      - " + volume + ":/data\n",
          "      - type: tmpfs\n        target: /cache\n        tmpfs: {size: 16m}\n      - " + volume + ":/data\n"));
    }
    if (chance(4)) {
      out.append("    tmpfs: ").append(pick("/tmp", "[/tmp, \"/run:size=8m\"]", "[\"/work:exec,uid=1000\"]")).append('\n');
    }
    boolean checked = chance(2);
    if (checked) {
      out.append("    healthcheck:\n      test: ").append(pick("[\"CMD\", \"check\", \"--quick\"]", "curl -f http://localhost || exit 1",
          "[\"CMD-SHELL\", \"pg_isready\"]")).append('\n');
      if (chance(2)) {
        out.append("      interval: 10s\n      timeout: 2s\n      retries: 4\n      start_period: 30s\n");
        if (chance(2)) {
          out.append("      start_interval: 1s\n");
        }
      }
    } else if (chance(6)) {
      out.append("    healthcheck:\n      disable: true\n");
    }
    if (!earlier.isEmpty() && chance(2)) {
      String target = earlier.get(random.nextInt(earlier.size()));
      boolean canBeHealthy = healthy.contains(target);
      out.append(chance(2) ? "    depends_on: [" + target + "]\n"
          : "    depends_on:\n      " + target + ":\n        condition: " + (canBeHealthy ? "service_healthy" : "service_started") + "\n"
              + (chance(2) ? "        restart: true\n" : "") + (chance(3) ? "        required: false\n" : ""));
    }
    if (chance(2)) {
      out.append("    restart: ").append(pick("always", "unless-stopped", "on-failure:3", "\"no\"")).append('\n');
    }
    if (chance(3)) {
      out.append("    stop_grace_period: ").append(pick("30s", "1m30s", "2m")).append('\n');
    }
    if (chance(4)) {
      out.append("    stop_signal: SIGQUIT\n");
    }
    if (chance(2)) {
      out.append("    user: \"10001:10001\"\n    read_only: true\n    security_opt: [no-new-privileges:true]\n    cap_drop: [ALL]\n");
      if (chance(2)) {
        out.append("    cap_add: [NET_BIND_SERVICE]\n");
      }
    }
    if (chance(4)) {
      out.append("    init: true\n");
    }
    if (chance(3)) {
      out.append("    ulimits:\n      nofile: ").append(pick("65536", "{soft: 1024, hard: 4096}")).append('\n');
    }
    boolean deployResources = chance(2);
    if (!deployResources && chance(2)) {
      out.append("    mem_limit: 512m\n    cpus: 0.5\n    pids_limit: 100\n");
    }
    if (chance(3)) {
      out.append("    logging:\n      driver: json-file\n      options: {max-size: 10m, max-file: \"3\"}\n");
    }
    if (chance(5)) {
      out.append("    profiles: [debug]\n");
    }
    if (chance(5)) {
      out.append("    extra_hosts: [\"legacy.test:10.0.0.5\"]\n    dns: 10.0.0.53\n");
    }
    if (chance(5)) {
      out.append("    expose: [\"9000\"]\n    sysctls: {net.core.somaxconn: 1024}\n    shm_size: 128m\n");
    }
    if (chance(6)) {
      out.append("    tty: true\n    stdin_open: true\n");
    }
    if (chance(6)) {
      out.append("    platform: ").append(pick("linux/amd64", "linux/arm64/v8")).append('\n');
    }
    if (replicas == 1 && chance(8)) {
      out.append("    mac_address: 02:42:ac:11:00:").append(String.format("%02x", random.nextInt(200) + 10)).append('\n');
    }
    if (chance(6)) {
      out.append("    blkio_config:\n      weight: 300\n").append(pick("", "      device_read_bps: [{path: /dev/sda, rate: 12mb}]\n",
          "      device_write_iops: [{path: /dev/sda, rate: 30}]\n"));
    }
    if (chance(6)) {
      out.append(pick("    group_add: [video, \"44\"]\n", "    device_cgroup_rules: [\"c 189:* rmw\"]\n", "    storage_opt: {size: 2G}\n",
          "    cpu_rt_period: 1000000\n    cpu_rt_runtime: 950000\n"));
    }
    if (chance(8)) {
      out.append("    gpus: ").append(pick("all", "[{driver: nvidia, count: 1, capabilities: [gpu]}]")).append('\n');
    }
    if (!earlier.isEmpty() && chance(6)) {
      out.append("    links: [").append(earlier.get(random.nextInt(earlier.size()))).append(pick("", ":legacy-alias")).append("]\n");
    }
    if (chance(8)) {
      out.append("    external_links: [").append(pick("legacy-db", "legacy-db:db", "old_cache:cache")).append("]\n");
    }
    if (!earlier.isEmpty() && chance(6)) {
      out.append("    volumes_from: [").append(earlier.get(random.nextInt(earlier.size()))).append(pick("", ":ro", ":rw")).append("]\n");
    }
    if (chance(6)) {
      out.append(pick("    post_start:\n      - command: [\"/bin/warm\", \"--quick\"]\n",
          "    post_start:\n      - command: chown -R app /data\n        user: root\n        working_dir: /data\n",
          "    pre_stop:\n      - command: [\"/bin/drain\"]\n        privileged: true\n        environment: {DRAIN_WAIT: \"5\"}\n"));
    }
    if (chance(2)) {
      String network = "net" + random.nextInt(3);
      networks.add(network);
      out.append(pick("    networks: [" + network + "]\n", "    networks:\n      " + network + ":\n        aliases: [alias-" + network + "]\n",
          "    networks:\n      " + network + ":\n        priority: 100\n        link_local_ips: [169.254.9.9]\n"));
    }
    if (chance(4)) {
      String secret = "secret" + random.nextInt(2);
      if (!secrets.contains(secret)) {
        secrets.add(secret);
      }
      out.append(chance(2) ? "    secrets: [" + secret + "]\n"
          : "    secrets:\n      - source: " + secret + "\n        target: /etc/" + secret + "\n        mode: 0400\n");
    }
    StringBuilder deploy = new StringBuilder();
    if (replicas > 1 && chance(3)) {
      out.append("    scale: ").append(replicas).append('\n');
    } else if (replicas > 1) {
      deploy.append("      replicas: ").append(replicas).append('\n');
    } else if (chance(8)) {
      deploy.append("      mode: global\n");
    }
    if (chance(6)) {
      deploy.append(pick("      endpoint_mode: dnsrr\n", "      labels: {com.example.owner: shop}\n",
          "      rollback_config: {parallelism: 2, delay: 1s, failure_action: pause, order: stop-first}\n"));
    }
    if (deployResources) {
      deploy.append("      resources:\n        limits: {cpus: \"0.25\", memory: 256M, pids: 64}\n        reservations: {memory: 64M}\n");
    }
    if (chance(3)) {
      deploy.append(pick("      update_config: {parallelism: 1, delay: 10s, failure_action: rollback, order: start-first}\n",
          "      update_config: {parallelism: 2}\n", "      update_config: {delay: 5s, order: start-first}\n",
          "      restart_policy: {condition: on-failure, max_attempts: 3}\n", "      placement: {constraints: [node.role == worker]}\n",
          "      placement: {preferences: [{spread: node.labels.zone}], max_replicas_per_node: 2}\n"));
    }
    if (deploy.length() > 0) {
      out.append("    deploy:\n").append(deploy);
    }
    return checked;
  }

  private boolean chance(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
