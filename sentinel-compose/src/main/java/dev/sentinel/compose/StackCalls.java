package dev.sentinel.compose;

import dev.sentinel.compose.DslCall.Configurer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls an import makes on a {@code StackBuilder}, grouped by element so that a service defined
 * in one file and changed in the next is one {@code service(...)} call whose configurer holds both
 * files' calls in order (the builder applies them to the same service either way).
 */
final class StackCalls {
  private static final class Element {
    final List<String> comments = new ArrayList<>();
    final List<DslCall> calls = new ArrayList<>();
  }

  private final Map<String, Element> networks = new LinkedHashMap<>();
  private final Map<String, Element> volumes = new LinkedHashMap<>();
  private final Map<String, Element> secrets = new LinkedHashMap<>();
  private final Map<String, Element> configs = new LinkedHashMap<>();
  private final Map<String, Element> services = new LinkedHashMap<>();
  private final List<String> removedServices = new ArrayList<>();

  void network(String name, List<DslCall> calls, List<String> comments) {
    add(networks, name, calls, comments);
  }

  void volume(String name, List<DslCall> calls, List<String> comments) {
    add(volumes, name, calls, comments);
  }

  void secret(String name, List<DslCall> calls, List<String> comments) {
    add(secrets, name, calls, comments);
  }

  void config(String name, List<DslCall> calls, List<String> comments) {
    add(configs, name, calls, comments);
  }

  void service(String name, List<DslCall> calls, List<String> comments) {
    removedServices.remove(name);
    add(services, name, calls, comments);
  }

  /** Compose's {@code !reset} of a whole service: forgotten if defined here, else removed from what this overlays. */
  void removeService(String name) {
    if (services.remove(name) == null && !removedServices.contains(name)) {
      removedServices.add(name);
    }
  }

  private static void add(Map<String, Element> section, String name, List<DslCall> calls, List<String> comments) {
    Element e = section.computeIfAbsent(name, n -> new Element());
    e.comments.addAll(comments);
    e.calls.addAll(calls);
  }

  /** The stack-level calls: networks, volumes, secrets, configs, services, then removals. */
  List<DslCall> toCalls() {
    List<DslCall> calls = new ArrayList<>();
    section(networks, "network", "n", calls);
    section(volumes, "volume", "v", calls);
    section(secrets, "secret", "x", calls);
    section(configs, "config", "x", calls);
    section(services, "service", "svc", calls);
    removedServices.forEach(s -> calls.add(DslCall.of("removeService", s)));
    return calls;
  }

  private static void section(Map<String, Element> section, String method, String parameter, List<DslCall> out) {
    section.forEach((name, e) -> {
      boolean bare = e.calls.isEmpty() && (method.equals("network") || method.equals("volume"));
      DslCall call = bare ? DslCall.of(method, name) : DslCall.of(method, name, new Configurer(parameter, e.calls));
      out.add(call.withComments(e.comments));
    });
  }
}
