package com.example.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops tool's commands that need no engine. */
class GreeterOpsTest {
  private static String run(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = GreeterOps.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, code, out);
    return out;
  }

  @Test
  void lintPassesTheDefaultPolicy() throws Exception {
    run(0, "lint");
  }

  @Test
  void exportWritesAComposeFileWithBothServicesAndTheHealthDependency(@TempDir Path dir) throws Exception {
    run(0, "export", dir.toString());
    String compose = Files.readString(dir.resolve("docker-compose.yml"));
    assertTrue(compose.contains("greeter/api:1.0"), compose);
    assertTrue(compose.contains("condition: service_healthy"), compose);
    assertTrue(compose.contains("published: '18787'") && compose.contains("host_ip: 127.0.0.1"), compose);
  }

  @Test
  void anUnknownCommandIsAUsageError() throws Exception {
    assertTrue(run(2, "deploy").startsWith("usage:"));
  }
}
