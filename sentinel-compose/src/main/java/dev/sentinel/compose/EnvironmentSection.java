package dev.sentinel.compose;

import dev.sentinel.compose.ComposeNode.Mapping;
import dev.sentinel.compose.ComposeNode.Sequence;
import dev.sentinel.dsl.EnvValue;
import dev.sentinel.dsl.Environment;
import dev.sentinel.dsl.Storage;
import dev.sentinel.dsl.policy.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compose in and out for the {@link Environment} section: {@code environment} (and, on import,
 * {@code env_file}). Whole references to host variables stay references, other values are
 * literals, and with {@link ImportOptions#credentialsAsSecrets()} literal credentials become
 * generated secrets passed as {@code *_FILE} paths.
 */
final class EnvironmentSection {
  /** The service attributes this section reads ({@code env_file} is read first, apart: {@code environment} wins over it). */
  static final Set<String> KEYS = Set.of("environment");

  private final ImportContext cx;
  private final ImportOptions options;
  private final StackCalls stack;

  EnvironmentSection(ImportContext cx, ImportOptions options, StackCalls stack) {
    this.cx = cx;
    this.options = options;
    this.stack = stack;
  }

  /**
   * Writes the variables into a service's Compose mapping; a secret file's variable names the path
   * where the service mounts that secret ({@code storage}).
   */
  static void write(Environment env, Storage storage, Map<String, Object> m) {
    if (!env.variables().isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      env.variables().forEach((k, v) -> out.put(k, value(k, v, storage)));
      m.put("environment", out);
    }
  }

  private static Object value(String variable, EnvValue value, Storage storage) {
    if (value instanceof EnvValue.Literal l) {
      return ComposeMapping.literal(l.value());
    }
    if (value instanceof EnvValue.FromHost h && h.variable().equals(variable) && h.defaultValue().isEmpty() && !h.required()) {
      return null; // Compose's pass-through: set from the host when set there, absent otherwise
    }
    if (value instanceof EnvValue.FromHost h) {
      if (h.defaultValue().isPresent()) {
        return "${" + h.variable() + ":-" + ComposeMapping.literal(h.defaultValue().get()) + "}";
      }
      return "${" + h.variable() + (h.required() ? ":?set " + h.variable() + " on the deploying host}" : "}");
    }
    return storage.secretTarget(((EnvValue.SecretFile) value).secret());
  }

  /** The DSL calls for {@code environment}. */
  void environment(String service, ComposeNode v, String at, List<DslCall> calls) {
    cx.dict(v, at).forEach((variable, value) -> {
      if (value.isEmpty()) {
        calls.add(DslCall.of("envFromHostIfSet", variable, variable));
        return;
      }
      Optional<Interpolation.Reference> ref = Interpolation.wholeReference(value.get().written());
      if (ref.isPresent()) {
        Interpolation.Reference r = ref.get();
        if (options.credentialsAsSecrets() && r.defaultValue().isPresent() && Credentials.isLiteralCredential(variable, r.defaultValue().get())) {
          // The default would put a credential in the source: the variable becomes required instead.
          calls.add(DslCall.of("envFromHost", variable, r.variable()).withComments(List.of(
              "TODO: the file's default for " + r.variable() + " was a literal credential; the variable must now be set")));
          cx.warning(value.get().location(), at + "." + variable,
              "the default of ${" + r.variable() + "} looked like a credential; the variable is now required");
          return;
        }
        calls.add(r.defaultValue().isPresent() ? DslCall.of("envFromHost", variable, r.variable(), r.defaultValue().get())
            : r.required() ? DslCall.of("envFromHost", variable, r.variable())
            : DslCall.of("envFromHostIfSet", variable, r.variable()));
        return;
      }
      literalEnv(service, variable, value.get().text(), at + "." + variable, value.get(), calls);
    });
  }

  private void literalEnv(String service, String variable, String value, String at, ComposeNode node, List<DslCall> calls) {
    if (options.credentialsAsSecrets() && !Credentials.isNamedCredential(variable, value) && Credentials.hasUrlPassword(value)) {
      // The application wants the URL itself: it is read from the deploying host instead of the source.
      calls.add(DslCall.of("envFromHost", variable, variable).withComments(List.of(
          "TODO: " + variable + " was a URL with a password in it; set " + variable + " on the deploying host")));
      cx.warning(node.location(), at, "a URL with a password; " + variable + " is now read from the deploying host");
    } else if (options.credentialsAsSecrets() && Credentials.isLiteralCredential(variable, value)) {
      String secret = (service + "-" + variable).toLowerCase(Locale.ROOT).replace('_', '-');
      stack.secret(secret, List.of(DslCall.of("generated", 32)),
          List.of("TODO: replaces the literal value of " + at + " (" + node.location() + "); store the real value or rotate it"));
      calls.add(DslCall.of("envSecretFile", variable + "_FILE", secret).withComments(List.of(
          "TODO: " + variable + " was a literal credential; check that the image reads " + variable + "_FILE")));
      cx.warning(node.location(), at, "literal credential replaced by generated secret \"" + secret + "\", passed as " + variable + "_FILE");
    } else {
      calls.add(DslCall.of("env", variable, value));
    }
  }

  void envFiles(String service, ComposeNode v, String at, Path directory, List<DslCall> calls) {
    List<ComposeNode> entries = v instanceof Sequence seq ? seq.items() : List.of(v);
    for (int i = 0; i < entries.size(); i++) {
      ComposeNode entry = entries.get(i);
      String p = at + "[" + i + "]";
      Optional<String> file;
      boolean required = true;
      if (entry instanceof Mapping m) {
        file = m.get("path").flatMap(x -> cx.string(x, p + ".path"));
        required = m.get("required").flatMap(x -> cx.bool(x, p + ".required")).orElse(true);
      } else {
        file = cx.string(entry, p);
      }
      if (file.isEmpty()) {
        continue;
      }
      Path resolved = directory.resolve(file.get());
      if (!Files.isRegularFile(resolved)) {
        if (required) {
          cx.error(entry.location(), p, "env file " + resolved + " does not exist");
        }
        continue;
      }
      try {
        DotEnv.read(resolved, file.get(), Map.of()).forEach((k, value) -> literalEnv(service, k, value, p + "." + k, entry, calls));
      } catch (ComposeImportException e) {
        cx.errors().addAll(e.errors());
      }
    }
  }
}
