package dev.sentinel.dsl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A secret of the stack. Its value never appears in the model, in {@code toString}, exported YAML,
 * plans, labels or a container's environment: services read it from a file.
 *
 * <pre>{@code
 * stack.secret("redis-password", s -> s.generated(32));
 * stack.secret("tls-key", s -> s.fromFile("certs/server.key"));
 * stack.secret("api-token", s -> s.fromEnvironment("API_TOKEN"));
 * }</pre>
 *
 * @param name the secret's name in the stack
 * @param source where its value comes from
 */
public record Secret(String name, Source source) {
  public Secret {
    checkNotNull(name, "name");
    checkNotNull(source, "source");
  }

  /** Where a secret's value comes from. */
  public sealed interface Source permits Source.FromFile, Source.FromEnvironment, Source.Generated, Source.External {

    /** A file on the deploying host, read at deploy time. */
    record FromFile(String path) implements Source {
      public FromFile {
        checkNotNull(path, "path");
      }
    }

    /** A variable of the deploying host's environment, read at deploy time. */
    record FromEnvironment(String variable) implements Source {
      public FromEnvironment {
        checkNotNull(variable, "variable");
      }
    }

    /**
     * A random value made once with a cryptographic generator and kept in the stack's secret
     * store, so it stays the same across deploys.
     *
     * @param length how many characters
     * @param alphabet which characters
     */
    record Generated(int length, Alphabet alphabet) implements Source {
      public Generated {
        checkArgument(length >= 8 && length <= 4096, "a generated secret has 8 to 4096 characters, not %s", length);
        checkNotNull(alphabet, "alphabet");
      }
    }

    /**
     * A Swarm secret made outside the stack (Compose's {@code external: true}), used by its name
     * and never created, changed or removed. Only a Swarm has them; the single-engine target refuses it.
     *
     * @param engineName the secret's name in the Swarm
     */
    record External(String engineName) implements Source {
      public External {
        checkNotNull(engineName, "engineName");
      }
    }
  }

  /** The characters a generated secret is made of. */
  public enum Alphabet {
    /** {@code A-Z a-z 0-9}: safe in URLs, shells and config files. */
    ALPHANUMERIC("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    /** {@code 0-9 a-f}. */
    HEX("0123456789abcdef"),
    /** Alphanumerics and {@code -_.~!@#%^*+=}: stronger per character, for services that accept them. */
    PRINTABLE("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!@#%^*+=");

    private final String characters;

    Alphabet(String characters) {
      this.characters = characters;
    }

    /** The characters, each equally likely. */
    public String characters() {
      return characters;
    }
  }
}
