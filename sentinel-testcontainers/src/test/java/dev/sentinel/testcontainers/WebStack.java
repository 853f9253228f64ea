package dev.sentinel.testcontainers;

import dev.sentinel.dsl.Dependency;
import dev.sentinel.dsl.Stack;
import dev.sentinel.testing.TestImages;

/**
 * A small stack for the tests: a web server in front of a backend, on an internal network. The
 * fixed container and volume names are on purpose: instances running side by side must not share them.
 */
final class WebStack {
  private static final String SERVE = "mkdir -p /tmp/www && echo \"$MESSAGE\" > /tmp/www/index.html && exec httpd -f -v -p 8080 -h /tmp/www";

  private WebStack() {}

  static Stack define() {
    String image = TestImages.busybox();
    return Stack.define("web", s -> s
        .network("backend", n -> n.internal()).network("frontend")
        .volume("content", v -> v.engineName("web-content"))
        .service("backend", b -> b.image(image).command("sh", "-c", SERVE).env("MESSAGE", "from-backend")
            .user(10001, 10001).hardened().network("backend").mountVolume("content", "/srv").containerName("web-backend")
            .healthCheck(h -> h.httpGet(8080, "/").every("300ms").retries(5)))
        .service("web", w -> w.image(image).command("sh", "-c", SERVE).env("MESSAGE", "hello-from-web")
            .user(10001, 10001).hardened().network("backend").network("frontend")
            .port("18080:8080")
            .healthCheck(h -> h.command("wget", "-q", "-O", "/dev/null", "http://backend:8080/").every("300ms").retries(5))
            .dependsOn("backend", Dependency.Condition.HEALTHY)));
  }

  static SentinelStackContainer container() {
    return SentinelStackContainer.of(define()).withLabel("dev.sentinel.test", "SentinelStackContainerIT")
        .withStartupTimeout(java.time.Duration.ofMinutes(1));
  }
}
