package dev.sentinel.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonProtocolTest {
  private static final Map<String, String> ENV = Map.of("DOCKER_HOST", "unix:///run/docker.sock", "HOME", "/home/ops");
  private final DaemonProtocol.Identity base = DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/shop", "0022", ENV);

  @TempDir Path tmp;

  @Test
  void aDaemonStandsInOnlyForTheSameDirectoryEnvironmentUmaskJavaAndClassPath() {
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/shop", "0022", ENV))).isEmpty();
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|6\n", "/usr/lib/jvm/17", "/srv/shop", "0022", ENV)))
        .contains("the class path changed");
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/21", "/srv/shop", "0022", ENV))).contains("another java");
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/blog", "0022", ENV)))
        .contains("another working directory");
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/shop", "0077", ENV))).contains("another umask");
    assertThat(base.difference(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/shop", "0022",
        Map.of("DOCKER_HOST", "ssh://deploy@prod", "HOME", "/home/ops")))).contains("another environment");
  }

  @Test
  void theVariablesAShellSetsPerProcessNeitherChangeTheKeyNorCountAsADifference() {
    DaemonProtocol.Identity fromAnotherShell = DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/shop", "0022",
        Map.of("DOCKER_HOST", "unix:///run/docker.sock", "HOME", "/home/ops", "_", "/usr/bin/java", "SHLVL", "3", "OLDPWD", "/tmp", "PWD", "/srv/shop"));
    assertThat(fromAnotherShell.key()).isEqualTo(base.key());
    assertThat(base.difference(fromAnotherShell)).isEmpty();
    assertThat(DaemonProtocol.Identity.of("sentinel.jar|100|5\n", "/usr/lib/jvm/17", "/srv/blog", "0022", ENV).key()).isNotEqualTo(base.key());
    assertThat(base.key()).matches("[0-9a-f]{32}");
  }

  @Test
  void anIdentityReadsBackAsWritten() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    base.write(new DataOutputStream(bytes));
    DaemonProtocol.Identity read = DaemonProtocol.Identity.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(read).isEqualTo(base);
  }

  @Test
  void theSocketDirectoryIsMadePrivateAndOneOthersCouldWriteToOrALinkIsNotUsed() throws Exception {
    assertThat(DaemonProtocol.socketDirectory(tmp.toString(), System.getProperty("user.name"), tmp)).contains(tmp.resolve("sentinel"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("sentinel")))).isEqualTo("rwx------");

    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path user = Path.of(System.getProperty("user.name"));
    Files.createDirectory(shared.resolve("sentinel-daemon-" + user), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(DaemonProtocol.socketDirectory(null, user.toString(), shared)).isEmpty();

    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path links = Files.createDirectory(tmp.resolve("links"));
    Files.createSymbolicLink(links.resolve("sentinel"), elsewhere);
    assertThat(DaemonProtocol.socketDirectory(links.toString(), user.toString(), tmp)).isEmpty();
  }

  @Test
  void theLongestSocketPathUsedCanStillBeBoundUnderTheDaemonsTemporaryNameAndALongerOneIsNotUsed() throws Exception {
    assertThat(base.key()).matches("[0-9a-f]{32}");
    int socketName = (base.key() + ".sock").length() + 1;
    Path longest = Files.createDirectory(tmp.resolve("d".repeat(DaemonProtocol.MAX_SOCKET_PATH - socketName - tmp.toString().length() - 1)));
    Path socket = DaemonProtocol.socketIn(longest, base).orElseThrow();
    assertThat(socket.toString()).hasSize(DaemonProtocol.MAX_SOCKET_PATH);
    // What the daemon binds first, with the largest pid Linux gives: the JDK must be able to bind it.
    try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(socket + ".4194304.tmp"));
    }
    Path tooLong = Files.createDirectory(tmp.resolve("d".repeat(longest.getFileName().toString().length() + 1)));
    assertThat(DaemonProtocol.socketIn(tooLong, base)).isEmpty();
  }

  @Test
  void argumentsNamingStandardInputOrAFileDescriptorAreRunByTheClientItself() {
    assertThat(DaemonClient.daemonMayRun(new String[] {"-f", "compose.yaml", "-p", "shop", "plan"})).isTrue();
    assertThat(DaemonClient.daemonMayRun(new String[] {"-f", "/dev/fd/63", "up"})).isFalse();
    assertThat(DaemonClient.daemonMayRun(new String[] {"-f", "-", "up"})).isFalse();
    assertThat(DaemonClient.daemonMayRun(new String[] {"--env-file=/dev/stdin", "plan"})).isFalse();
    assertThat(DaemonClient.daemonMayRun(new String[] {"-f", "/proc/self/fd/0", "plan"})).isFalse();
  }
}
