package dev.sentinel.cli;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackDefinition;
import dev.sentinel.testing.TestImages;

/** The stack the CLI tests drive, found through META-INF/services; its name comes from a system property so runs never collide. */
public final class CliTestStack implements StackDefinition {
  static final String NAME_PROPERTY = "sentinel.cli-test.stack";

  @Override
  public Stack define() {
    String name = System.getProperty(NAME_PROPERTY, "cli-test");
    String image = TestImages.busybox();
    String serve = "mkdir -p /tmp/w && echo ok > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w";
    return Stack.define(name, s -> s
        .network("backend", n -> n.internal())
        .volume("data")
        .secret("token", x -> x.generated(24))
        .service("db", db -> db.image(image).command("sh", "-c", serve)
            .user(10001, 10001).hardened().network("backend").mountVolume("data", "/data").secret("token")
            .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(5)).restart("unless-stopped")
            .memoryLimit("64m").cpuLimit("0.5").logging("json-file", java.util.Map.of("max-size", "1m")))
        .service("api", api -> api.image(image).command("sh", "-c", serve)
            .user(10001, 10001).hardened().network("backend").port("8080")
            .healthCheck(h -> h.command("wget", "-q", "-O", "/dev/null", "http://db:8080/").every("300ms").retries(5))
            .dependsOn("db", Dependency.Condition.HEALTHY).restart("unless-stopped")
            .memoryLimit("64m").cpuLimit("0.5").logging("json-file", java.util.Map.of("max-size", "1m")))
        .environment("development", e -> {})
        .environment("production", e -> e.service("api", a -> a.port("0.0.0.0:8080:8080"))));
  }
}
