package dev.sentinel.dsl;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ServiceBuilder}'s mutable state, seeded from a base service in overlays: one state per
 * section (e.g. {@link Execution.State}), and one field per attribute not yet in a section.
 */
final class ServiceState {
  final ImageSource.State imageSource;
  final Execution.State execution;
  final Environment.State environment;
  final Map<String, String> labels;
  final Networking.State networking;
  final Storage.State storage;
  final Lifecycle.State lifecycle;
  final Resources.State resources;
  final Kernel.State kernel;
  final Security.State security;
  Optional<Logging> logging;
  final Deploy.State deploy;
  Set<String> profiles;
  final Naming.State naming;
  boolean hardened;
  final Map<String, String> accepted;

  ServiceState(Optional<Service> from) {
    Service f = from.orElse(null);
    Resources r = f == null ? Resources.NONE : f.resources();
    Security sec = f == null ? Security.DEFAULT : f.security();
    Deploy d = f == null ? Deploy.DEFAULT : f.deploy();
    imageSource = new ImageSource.State(f == null ? ImageSource.NONE : f.imageSource());
    execution = new Execution.State(f == null ? Execution.DEFAULT : f.execution());
    environment = new Environment.State(f == null ? Environment.NONE : f.environment());
    labels = new LinkedHashMap<>(f == null ? Map.of() : f.labels());
    networking = new Networking.State(f == null ? Networking.DEFAULT : f.networking());
    storage = new Storage.State(f == null ? Storage.NONE : f.storage());
    lifecycle = new Lifecycle.State(f == null ? Lifecycle.DEFAULT : f.lifecycle());
    resources = new Resources.State(r);
    kernel = new Kernel.State(f == null ? Kernel.DEFAULT : f.kernel());
    security = new Security.State(sec);
    logging = f == null ? Optional.empty() : f.logging();
    deploy = new Deploy.State(d);
    profiles = new LinkedHashSet<>(f == null ? Set.of() : f.profiles());
    naming = new Naming.State(f == null ? Naming.DEFAULT : f.naming());
    hardened = f != null && f.hardened();
    accepted = new LinkedHashMap<>(f == null ? Map.of() : f.accepted());
  }

  /** The Compose attributes {@link #reset} knows. */
  static final List<String> RESETTABLE = com.google.common.collect.ImmutableList.<String>builder()
      .addAll(ImageSource.State.COMPOSE_KEYS)
      .addAll(Execution.State.COMPOSE_KEYS)
      .addAll(Environment.State.COMPOSE_KEYS)
      .add("labels")
      .addAll(Networking.State.COMPOSE_KEYS)
      .addAll(Storage.State.COMPOSE_KEYS)
      .addAll(Lifecycle.State.COMPOSE_KEYS)
      .addAll(Kernel.State.COMPOSE_KEYS)
      .addAll(Security.State.COMPOSE_KEYS)
      .add("logging", "profiles")
      .addAll(Naming.State.COMPOSE_KEYS)
      .add("deploy")
      .addAll(Resources.State.COMPOSE_KEYS)
      .build();

  /** Clears one Compose attribute; false when it is not one {@link #RESETTABLE} names. */
  boolean reset(String attribute) {
    if (attribute.equals("secrets")) {
      // Variables naming a secret's file go with the secrets.
      environment.variables.values().removeIf(v -> v instanceof EnvValue.SecretFile);
    }
    if (execution.reset(attribute) || security.reset(attribute) || naming.reset(attribute) || lifecycle.reset(attribute)
        || kernel.reset(attribute) || resources.reset(attribute) || networking.reset(attribute)
        || imageSource.reset(attribute) || environment.reset(attribute) || storage.reset(attribute)) {
      return true;
    }
    switch (attribute) {
      case "labels" -> labels.clear();
      case "logging" -> logging = Optional.empty();
      case "profiles" -> profiles = new LinkedHashSet<>();
      case "deploy" -> {
        deploy.clear();
        resources.clear();
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  Service toService(String name) {
    return new Service(
        name, imageSource.build(), execution.build(), environment.build(), labels, networking.build(), storage.build(), lifecycle.build(),
        resources.build(), kernel.build(),
        security.build(),
        logging, deploy.build(), profiles, naming.build(),
        hardened, accepted);
  }
}
