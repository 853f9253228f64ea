package dev.sentinel.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Compose tree into what {@code docker stack deploy} accepts: Swarm ignores or rejects
 * single-engine keys (build, container_name, depends_on, restart, host IPs on ports), so they are
 * dropped or moved to their {@code deploy} equivalents, and published ports become integers in
 * host mode or ingress mode as asked. Content configs become files beside the stack file
 * ({@code configs/<stack>/<name>}); secrets read from the environment become external secrets
 * named {@code <stack>_<secret>} (create them with {@code docker secret create}).
 */
final class StackFile {
  private StackFile() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> from(Map<String, Object> compose, boolean hostModePorts) {
    Map<String, Object> root = new LinkedHashMap<>(compose);
    String stack = compose.get("name").toString();
    root.remove("name");
    Map<String, Object> services = new LinkedHashMap<>();
    ((Map<String, Object>) compose.get("services")).forEach((name, value) -> {
      Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) value);
      s.remove("build");
      s.remove("container_name");
      s.remove("depends_on");
      s.remove("profiles");
      s.remove("uts"); // not a Swarm service setting
      Object restart = s.remove("restart");
      Map<String, Object> deploy = new LinkedHashMap<>((Map<String, Object>) s.getOrDefault("deploy", Map.of()));
      if (restart != null) {
        deploy.put("restart_policy", restartPolicy(restart.toString()));
      }
      if (!deploy.isEmpty()) {
        s.put("deploy", deploy);
      }
      if (s.get("ports") instanceof List<?> ports) {
        List<Object> converted = new ArrayList<>();
        for (Object p : ports) {
          Map<String, Object> port = new LinkedHashMap<>((Map<String, Object>) p);
          port.remove("host_ip");
          if (port.get("published") instanceof String published) {
            port.put("published", Integer.parseInt(published.split("-")[0]));
          }
          port.put("mode", hostModePorts ? "host" : "ingress");
          converted.add(port);
        }
        s.put("ports", converted);
      }
      services.put(name, s);
    });
    root.put("services", services);
    // Swarm's loader takes configs and secrets from files or as external objects only.
    if (root.get("configs") instanceof Map<?, ?> configs) {
      Map<String, Object> converted = new LinkedHashMap<>();
      configs.forEach((name, value) -> {
        Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) value);
        if (c.remove("content") != null) {
          c.put("file", configFile(stack, name.toString()));
        }
        converted.put(name.toString(), c);
      });
      root.put("configs", converted);
    }
    if (root.get("secrets") instanceof Map<?, ?> secrets) {
      Map<String, Object> converted = new LinkedHashMap<>();
      secrets.forEach((name, value) -> {
        Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) value);
        if (c.remove("environment") != null) {
          c.put("external", true);
          c.put("name", stack + "_" + name);
        }
        converted.put(name.toString(), c);
      });
      root.put("secrets", converted);
    }
    return root;
  }

  /** Where the stack file expects a content config's file, relative to it. */
  static String configFile(String stack, String config) {
    return "./configs/" + stack + "/" + config;
  }

  private static Map<String, Object> restartPolicy(String restart) {
    Map<String, Object> policy = new LinkedHashMap<>();
    if (restart.equals("no")) {
      policy.put("condition", "none");
    } else if (restart.startsWith("on-failure")) {
      policy.put("condition", "on-failure");
      if (restart.contains(":")) {
        policy.put("max_attempts", Integer.parseInt(restart.substring(restart.indexOf(':') + 1)));
      }
    } else {
      policy.put("condition", "any");
    }
    return policy;
  }
}
