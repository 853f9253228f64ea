package dev.sentinel.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinel.dsl.Size;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Brings two {@code docker compose config --format json} outputs to one spelling where Compose
 * itself writes the same meaning two ways. Every rule here is an equivalence Compose or the engine
 * defines; docs/compose.md lists them:
 *
 * <ul>
 *   <li>{@code x-} extension fields (Compose ignores them);
 *   <li>a port's {@code mode: ingress} and {@code host_ip: 0.0.0.0} (the defaults);
 *   <li>a bind mount's {@code create_host_path: true} (the short syntax's default), an empty {@code volume: {}};
 *   <li>the service-level {@code tmpfs:} list and {@code type: tmpfs} mounts; mounts compared by target;
 *   <li>{@code mem_limit}, {@code mem_reservation}, {@code cpus}, {@code pids_limit} and their {@code deploy.resources} spellings;
 *   <li>a single-number ulimit and {@code {soft: n, hard: n}};
 *   <li>{@code no-new-privileges} and {@code no-new-privileges:true}; security options compared as a set;
 *   <li>a secret's {@code /run/secrets/<name>} and a config's {@code /<name>} default targets, and a relative
 *       target and the same under that directory;
 *   <li>{@code deploy}'s {@code mode: replicated}, {@code replicas: 1}, empty {@code placement} and {@code resources} (the defaults);
 *   <li>{@code scale: n} and {@code deploy.replicas: n} (Compose copies one into the other; the same number);
 *   <li>{@code update_config} fields at Swarm's defaults (parallelism 1, delay 0s, failure_action pause, order stop-first);
 *   <li>{@code depends_on}'s {@code required: true} (the default); null {@code command}/{@code entrypoint};
 *   <li>a network joined with {@code {}} or with nothing; a health check's {@code test: [NONE]} and {@code disable: true}
 *       (the Compose spec defines them as the same);
 *   <li>a {@code volumes_from} entry with {@code :rw} and without (read-write is the default).
 * </ul>
 */
final class ComposeConfigNormalizer {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ComposeConfigNormalizer() {}

  static JsonNode normalize(JsonNode config) {
    ObjectNode root = config.deepCopy();
    removeExtensions(root);
    JsonNode services = root.path("services");
    for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
      service((ObjectNode) it.next().getValue());
    }
    return root;
  }

  private static void removeExtensions(ObjectNode node) {
    List<String> extensions = new ArrayList<>();
    node.fieldNames().forEachRemaining(f -> {
      if (f.startsWith("x-")) {
        extensions.add(f);
      }
    });
    node.remove(extensions);
  }

  private static void service(ObjectNode s) {
    removeExtensions(s);
    for (String key : List.of("command", "entrypoint")) {
      if (s.path(key).isNull()) {
        s.remove(key);
      }
    }
    ports(s);
    mounts(s);
    resources(s);
    deployDefaults(s);
    ulimits(s);
    securityOpt(s);
    if (s.path("volumes_from").isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode from = JSON.arrayNode();
      s.path("volumes_from").forEach(v -> from.add(v.asText().replaceFirst(":rw$", "")));
      s.set("volumes_from", from);
    }
    // A network joined with {} and with nothing are the same membership; a health test of NONE is disable: true.
    if (s.get("networks") instanceof ObjectNode networks) {
      List<String> names = new ArrayList<>();
      networks.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (networks.get(n).isObject() && networks.get(n).isEmpty()) {
          networks.putNull(n);
        }
      }
    }
    if (s.get("healthcheck") instanceof ObjectNode health && health.path("test").isArray() && health.get("test").size() == 1
        && health.get("test").get(0).asText().equals("NONE")) {
      health.remove("test");
      health.put("disable", true);
    }
    fileMounts(s, "secrets", "/run/secrets/");
    fileMounts(s, "configs", "/");
    for (JsonNode dep : iterable(s.path("depends_on"))) {
      if (dep.path("required").asBoolean(false)) {
        ((ObjectNode) dep).remove("required");
      }
    }
  }

  private static void ports(ObjectNode s) {
    for (JsonNode port : s.path("ports")) {
      ObjectNode p = (ObjectNode) port;
      if (p.path("mode").asText().equals("ingress")) {
        p.remove("mode");
      }
      if (p.path("host_ip").asText().equals("0.0.0.0")) {
        p.remove("host_ip");
      }
    }
  }

  private static void mounts(ObjectNode s) {
    ArrayNode volumes = s.has("volumes") ? (ArrayNode) s.get("volumes") : JSON.arrayNode();
    for (JsonNode tmpfs : s.path("tmpfs")) {
      String[] parts = tmpfs.asText().split(":", 2);
      ObjectNode mount = JSON.objectNode().put("type", "tmpfs").put("target", parts[0]);
      if (parts.length == 2) {
        ObjectNode options = JSON.objectNode();
        List<String> others = new ArrayList<>();
        for (String option : parts[1].split(",")) {
          if (option.startsWith("size=")) {
            options.put("size", Long.toString(Size.parse(option.substring(5)).bytes()));
          } else if (option.startsWith("mode=")) {
            options.put("mode", Integer.parseInt(option.substring(5), 8));
          } else if (!option.equals("rw")) {
            others.add(option);
          }
        }
        if (!others.isEmpty()) {
          options.put("options", String.join(",", others));
        }
        mount.set("tmpfs", options);
      }
      volumes.add(mount);
    }
    s.remove("tmpfs");
    List<JsonNode> sorted = new ArrayList<>();
    for (JsonNode v : volumes) {
      ObjectNode m = (ObjectNode) v;
      if (m.path("bind").path("create_host_path").asBoolean(false)) {
        ((ObjectNode) m.get("bind")).remove("create_host_path");
      }
      for (String key : List.of("bind", "volume", "tmpfs")) {
        if (m.path(key).isObject() && m.get(key).isEmpty()) {
          m.remove(key);
        }
      }
      sorted.add(m);
    }
    sorted.sort(Comparator.comparing(v -> v.path("target").asText()));
    if (!sorted.isEmpty()) {
      s.set("volumes", JSON.arrayNode().addAll(sorted));
    }
  }

  private static void resources(ObjectNode s) {
    move(s, "mem_limit", "limits", "memory");
    move(s, "cpus", "limits", "cpus");
    move(s, "pids_limit", "limits", "pids");
    move(s, "mem_reservation", "reservations", "memory");
  }

  private static void move(ObjectNode s, String key, String section, String field) {
    if (!s.has(key)) {
      return;
    }
    JsonNode value = s.remove(key);
    ObjectNode deploy = s.has("deploy") ? (ObjectNode) s.get("deploy") : s.putObject("deploy");
    ObjectNode resources = deploy.has("resources") ? (ObjectNode) deploy.get("resources") : deploy.putObject("resources");
    ObjectNode target = resources.has(section) ? (ObjectNode) resources.get(section) : resources.putObject(section);
    target.set(field, field.equals("memory") ? JSON.textNode(value.asText()) : value);
  }

  private static void deployDefaults(ObjectNode s) {
    if (s.path("scale").isNumber()) {
      if (!(s.get("deploy") instanceof ObjectNode)) {
        s.set("deploy", JSON.objectNode());
      }
      ((ObjectNode) s.get("deploy")).set("replicas", s.get("scale"));
      s.remove("scale");
    }
    if (!(s.get("deploy") instanceof ObjectNode deploy)) {
      return;
    }
    if (deploy.path("mode").asText().equals("replicated")) {
      deploy.remove("mode");
    }
    if (deploy.path("replicas").isNumber() && deploy.get("replicas").asInt() == 1) {
      deploy.remove("replicas");
    }
    for (String empty : List.of("placement", "resources")) {
      if (deploy.path(empty).isObject() && deploy.get(empty).isEmpty()) {
        deploy.remove(empty);
      }
    }
    if (deploy.get("update_config") instanceof ObjectNode update) {
      removeIf(update, "parallelism", "1");
      removeIf(update, "delay", "0s");
      removeIf(update, "failure_action", "pause");
      removeIf(update, "order", "stop-first");
      if (update.isEmpty()) {
        deploy.remove("update_config");
      }
    }
    if (deploy.isEmpty()) {
      s.remove("deploy");
    }
  }

  private static void removeIf(ObjectNode node, String field, String defaultValue) {
    if (node.has(field) && node.get(field).asText().equals(defaultValue)) {
      node.remove(field);
    }
  }

  private static void ulimits(ObjectNode s) {
    JsonNode ulimits = s.path("ulimits");
    List<String> single = new ArrayList<>();
    ulimits.fieldNames().forEachRemaining(n -> {
      if (ulimits.get(n).isNumber()) {
        single.add(n);
      }
    });
    for (String name : single) {
      long n = ulimits.get(name).asLong();
      ((ObjectNode) ulimits).set(name, JSON.objectNode().put("soft", n).put("hard", n));
    }
  }

  private static void securityOpt(ObjectNode s) {
    if (!s.has("security_opt")) {
      return;
    }
    List<String> options = new ArrayList<>();
    for (JsonNode o : s.get("security_opt")) {
      options.add(o.asText().equals("no-new-privileges") ? "no-new-privileges:true" : o.asText());
    }
    options.sort(null);
    ArrayNode sorted = JSON.arrayNode();
    options.forEach(sorted::add);
    s.set("security_opt", sorted);
  }

  private static void fileMounts(ObjectNode s, String key, String defaultPrefix) {
    for (JsonNode m : s.path(key)) {
      String target = m.path("target").asText();
      if (m.has("target") && !target.startsWith("/")) {
        // A relative target lies under the default directory (Compose's spec; the engine mounts it there).
        ((ObjectNode) m).put("target", defaultPrefix + target);
      }
      if (m.path("target").asText().equals(defaultPrefix + m.path("source").asText())) {
        ((ObjectNode) m).remove("target");
      }
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode node) {
    List<JsonNode> values = new ArrayList<>();
    node.elements().forEachRemaining(values::add);
    return values;
  }
}
