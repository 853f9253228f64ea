package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a {@link Stack}. Calling {@code service}, {@code network}, ... again with a name already
 * defined configures the same element further. In an environment overlay the builder starts from
 * the base, so the same calls express Compose's override-file semantics: scalars replace, maps
 * merge by key, lists of ports and mounts merge by target, and {@code remove...} takes an inherited
 * element away.
 *
 * <pre>{@code
 * StackBuilder s = Stack.builder("shop");
 * s.volume("db-data").service("db", db -> db.image("postgres:16").mountVolume("db-data", "/var/lib/postgresql/data"));
 * s.environment("development", e -> e.service("db", db -> db.port("5432:5432")));
 * Stack stack = s.build();
 * }</pre>
 */
public final class StackBuilder {
  private final String name;
  private final boolean isOverlay;
  private final Problems problems = new Problems();
  private final Map<String, ServiceBuilder> services = new LinkedHashMap<>();
  private final Map<String, NetworkBuilder> networks = new LinkedHashMap<>();
  private final Map<String, VolumeBuilder> volumes = new LinkedHashMap<>();
  private final Map<String, SecretBuilder> secrets = new LinkedHashMap<>();
  private final Map<String, ConfigBuilder> configs = new LinkedHashMap<>();
  private final Map<String, Consumer<StackBuilder>> environments = new LinkedHashMap<>();

  StackBuilder(String name) {
    this.name = name;
    this.isOverlay = false;
  }

  private StackBuilder(StackSpec base) {
    this.name = base.name();
    this.isOverlay = true;
    base.services().forEach((n, s) -> services.put(n, new ServiceBuilder(n, Optional.of(s), problems)));
    base.networks().forEach((n, x) -> networks.put(n, new NetworkBuilder(n, Optional.of(x))));
    base.volumes().forEach((n, x) -> volumes.put(n, new VolumeBuilder(n, Optional.of(x))));
    base.secrets().forEach((n, x) -> secrets.put(n, new SecretBuilder(n, Optional.of(x), problems)));
    base.configs().forEach((n, x) -> configs.put(n, new ConfigBuilder(n, Optional.of(x), problems)));
  }

  /** A builder that starts from {@code base}, for applying an environment overlay. */
  static StackBuilder overlay(StackSpec base) {
    return new StackBuilder(base);
  }

  /** Defines the service {@code name}, or configures it further. */
  public StackBuilder service(String name, Consumer<ServiceBuilder> configure) {
    checkNotNull(name, "name");
    configure.accept(services.computeIfAbsent(name, n -> new ServiceBuilder(n, Optional.empty(), problems)));
    return this;
  }

  /**
   * Removes a service, in an environment overlay (e.g. a debugging sidecar that production does
   * not run). Services that depend on it become invalid.
   */
  public StackBuilder removeService(String name) {
    if (services.remove(name) == null) {
      problems.add("services." + name, "cannot remove service \"" + name + "\": it is not defined");
    }
    return this;
  }

  /** Defines a network with the driver's defaults. */
  public StackBuilder network(String name) {
    return network(name, n -> {});
  }

  public StackBuilder network(String name, Consumer<NetworkBuilder> configure) {
    checkNotNull(name, "name");
    configure.accept(networks.computeIfAbsent(name, n -> new NetworkBuilder(n, Optional.empty())));
    return this;
  }

  /** Defines a named volume with the default driver and backup policy. */
  public StackBuilder volume(String name) {
    return volume(name, v -> {});
  }

  public StackBuilder volume(String name, Consumer<VolumeBuilder> configure) {
    checkNotNull(name, "name");
    configure.accept(volumes.computeIfAbsent(name, n -> new VolumeBuilder(n, Optional.empty())));
    return this;
  }

  public StackBuilder secret(String name, Consumer<SecretBuilder> configure) {
    checkNotNull(name, "name");
    configure.accept(secrets.computeIfAbsent(name, n -> new SecretBuilder(n, Optional.empty(), problems)));
    return this;
  }

  public StackBuilder config(String name, Consumer<ConfigBuilder> configure) {
    checkNotNull(name, "name");
    configure.accept(configs.computeIfAbsent(name, n -> new ConfigBuilder(n, Optional.empty(), problems)));
    return this;
  }

  /**
   * Declares the environment {@code name}: an overlay applied over the base by {@link
   * Stack#resolve(String)}. Declaring it again replaces the overlay.
   */
  public StackBuilder environment(String name, Consumer<StackBuilder> overlay) {
    checkState(!isOverlay, "environment \"%s\" cannot be declared inside an environment overlay", name);
    environments.put(checkNotNull(name, "name"), checkNotNull(overlay, "overlay"));
    return this;
  }

  /**
   * Every problem of the definition: the base's, then each environment's with its path prefixed by
   * {@code environments.<name>.}. Empty when the stack is valid.
   */
  public List<Problem> validate() {
    List<Problem> all = new ArrayList<>();
    Optional<StackSpec> base = specIfValid(Optional.empty(), all);
    if (base.isEmpty()) {
      return all;
    }
    environments.forEach((env, overlay) -> {
      StackBuilder builder = overlay(base.get());
      try {
        overlay.accept(builder);
      } catch (RuntimeException e) {
        all.add(new Problem("environments." + env, "the overlay failed: " + e));
        return;
      }
      List<Problem> envProblems = new ArrayList<>();
      builder.specIfValid(Optional.of(env), envProblems);
      envProblems.forEach(p -> all.add(new Problem("environments." + env + "." + p.path(), p.message())));
    });
    return all;
  }

  /**
   * Builds the stack.
   *
   * @throws InvalidStackException listing every problem of the base and of each environment
   */
  public Stack build() {
    List<Problem> problems = validate();
    if (!problems.isEmpty()) {
      throw new InvalidStackException(name, problems);
    }
    return new Stack(buildSpec(Optional.empty()), environments);
  }

  /** The validated spec. @throws InvalidStackException listing every problem */
  StackSpec buildSpec(Optional<String> environment) {
    List<Problem> found = new ArrayList<>();
    return specIfValid(environment, found).orElseThrow(() -> new InvalidStackException(name, found));
  }

  private Optional<StackSpec> specIfValid(Optional<String> environment, List<Problem> found) {
    StackSpec spec = unvalidated(environment);
    found.addAll(problems.all());
    found.addAll(StackValidator.validate(spec));
    return found.isEmpty() ? Optional.of(spec) : Optional.empty();
  }

  private StackSpec unvalidated(Optional<String> environment) {
    Map<String, Service> builtServices = new LinkedHashMap<>();
    services.forEach((n, b) -> builtServices.put(n, b.build()));
    Map<String, Network> builtNetworks = new LinkedHashMap<>();
    networks.forEach((n, b) -> builtNetworks.put(n, b.build()));
    Map<String, Volume> builtVolumes = new LinkedHashMap<>();
    volumes.forEach((n, b) -> builtVolumes.put(n, b.build()));
    Map<String, Secret> builtSecrets = new LinkedHashMap<>();
    secrets.forEach((n, b) -> b.build().ifPresent(s -> builtSecrets.put(n, s)));
    Map<String, Config> builtConfigs = new LinkedHashMap<>();
    configs.forEach((n, b) -> b.build().ifPresent(c -> builtConfigs.put(n, c)));
    return new StackSpec(name, environment, builtServices, builtNetworks, builtVolumes, builtSecrets, builtConfigs);
  }
}
