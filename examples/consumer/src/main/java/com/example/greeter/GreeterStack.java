package com.example.greeter;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.RestartPolicy;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;

/**
 * The greeter's stack: the API (built from docker/api, relative to the project directory), its
 * data volume, and a worker that starts once the API is healthy. Published on 127.0.0.1:18787.
 */
public final class GreeterStack implements StackDefinition {
  public static final String NAME = "greeter";
  public static final int PORT = 18787;

  @Override
  public Stack define() {
    return Stack.define(NAME, s -> s
        .network("internal", n -> n.internal())
        .network("edge")
        .volume("visits")
        .service("api", api -> api
            .build(b -> b.context("docker/api"))
            .image("greeter/api:1.0")
            .user(10001, 10001).hardened()
            .env("GREETING", "the greeter stack")
            .network("edge").network("internal")
            .port(PORT + ":8080")
            .mountVolume("visits", "/data")
            .healthCheck(h -> h.command("perl", "-MIO::Socket::INET", "-e", "exit(IO::Socket::INET->new(q(127.0.0.1:8080)) ? 0 : 1)")
                .every("1s").retries(3))
            .memoryLimit("64m").cpuLimit("0.5").pidsLimit(64)
            .restart(RestartPolicy.unlessStopped()))
        .service("worker", worker -> worker
            .image("debian:bookworm-slim")
            .user(10001, 10001).hardened()
            .network("internal")
            .command("sleep", "infinity")
            .stopSignal("SIGKILL")
            .healthCheck(h -> h.command("true").every("1s"))
            .dependsOn("api", Dependency.Condition.HEALTHY)
            .memoryLimit("32m").cpuLimit("0.25").pidsLimit(16)
            .restart(RestartPolicy.unlessStopped())));
  }
}
