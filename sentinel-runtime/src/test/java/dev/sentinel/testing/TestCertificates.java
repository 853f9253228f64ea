package dev.sentinel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway CA with a server certificate for {@code 127.0.0.1} and a client certificate, made
 * with {@code openssl} as Docker's "protect the daemon socket" guide makes them: the server side
 * gets {@code ca.pem}, {@code server.pem}, {@code server-key.pem}; the client side {@code ca.pem},
 * {@code cert.pem}, {@code key.pem}.
 */
public final class TestCertificates {
  private TestCertificates() {}

  public static void write(Path server, Path client) throws IOException, InterruptedException {
    write(server, client, "127.0.0.1");
  }

  /** As {@link #write(Path, Path)}, the server certificate naming {@code serverAddress} (and localhost). */
  public static void write(Path server, Path client, String serverAddress) throws IOException, InterruptedException {
    Files.createDirectories(server);
    Files.createDirectories(client);
    Path work = Files.createTempDirectory("sentinel-certs");
    try {
      run(work, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sentinel-test-ca",
          "-keyout", "ca-key.pem", "-out", "ca.pem");
      sign(work, "server", "/CN=" + serverAddress, "subjectAltName=IP:" + serverAddress + ",DNS:localhost\nextendedKeyUsage=serverAuth\n");
      sign(work, "client", "/CN=sentinel-test-client", "extendedKeyUsage=clientAuth\n");
      Files.copy(work.resolve("ca.pem"), server.resolve("ca.pem"));
      Files.copy(work.resolve("server.pem"), server.resolve("server.pem"));
      Files.copy(work.resolve("server-key.pem"), server.resolve("server-key.pem"));
      Files.copy(work.resolve("ca.pem"), client.resolve("ca.pem"));
      Files.copy(work.resolve("client.pem"), client.resolve("cert.pem"));
      Files.copy(work.resolve("client-key.pem"), client.resolve("key.pem"));
    } finally {
      try (var files = Files.list(work)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(work);
    }
  }

  private static void sign(Path work, String name, String subject, String extensions) throws IOException, InterruptedException {
    run(work, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + "-key.pem", "-out", name + ".csr");
    Files.writeString(work.resolve(name + ".ext"), extensions);
    run(work, "openssl", "x509", "-req", "-days", "2", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-extfile", name + ".ext", "-out", name + ".pem");
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    HostCommand.run(dir, List.of(command));
  }
}
