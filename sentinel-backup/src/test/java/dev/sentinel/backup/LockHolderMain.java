package dev.sentinel.backup;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a POSIX record lock on a file, as a running restore holds its staging volume's, from a
 * process of its own (a lock is per process: this JVM's own would not show what another sees),
 * until its standard input closes.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock();
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our input or ends
      }
    }
  }
}
