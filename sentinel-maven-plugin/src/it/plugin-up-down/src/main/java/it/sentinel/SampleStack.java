package it.sentinel;

import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;

/** One long-running service from the locally seeded Debian image; its health check: true. */
public final class SampleStack implements StackDefinition {
  public static final String NAME = "sentinel-plugin-it-pass";

  @Override
  public Stack define() {
    return Stack.define(NAME, s -> s.service("app", app -> app.image("debian:bookworm-slim")
        .command("sleep", "infinity").stopSignal("SIGKILL")
        .healthCheck(h -> h.command("true").every("1s").retries(2))));
  }
}
