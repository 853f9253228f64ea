package dev.sentinel.backup.internal;

import com.github.dockerjava.api.DockerClient;
import dev.sentinel.backup.ArchiveRejectedException;
import dev.sentinel.backup.Compression;
import dev.sentinel.backup.VolumeManifest;
import dev.sentinel.runtime.internal.EngineClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams one volume's tree from an archive into a volume through a helper container's archive
 * endpoint, keeping owners ({@code copyUIDGID}). A producer thread renames entries back to the
 * helper's mount and re-checks every entry, so what is written is what was verified.
 */
public final class VolumeRestorer {
  private VolumeRestorer() {}

  /** Whether the volume holds anything (reads at most two entries). */
  public static boolean isEmpty(EngineClients clients, String volume, Map<String, String> labels) throws IOException {
    DockerClient docker = clients.requests();
    String helper = HelperContainers.create(docker, volume, true, labels);
    try (InputStream in = clients.getArchive(helper, HelperContainers.MOUNT);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      int entries = 0;
      while (tar.getNextEntry() != null) {
        if (++entries > 1) {
          return false;
        }
      }
      return true;
    } finally {
      HelperContainers.remove(docker, helper);
    }
  }

  /**
   * Streams {@code archivedVolume}'s tree into {@code targetVolume}, at its root or, for a staged
   * restore, into the directory {@code into} at its top (see {@link HelperContainers#swapIn}). With
   * {@code expected}, the content is verified as it is written (entries, bytes and digest against the
   * manifest's entry, checked when the stream ends); the caller removes a fresh volume or the staging
   * directory when that fails.
   *
   * @param into "" for the volume's root, else a directory name at its top
   * @throws dev.sentinel.backup.ArchiveRejectedException when an entry is refused or the content does not match
   */
  public static void restore(EngineClients clients, Path archive, String archivedVolume, String targetVolume, String into,
      Map<String, String> labels, Optional<VolumeManifest> expected) throws IOException {
    DockerClient docker = clients.requests();
    String helper = HelperContainers.create(docker, targetVolume, false, labels);
    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    BytePipe pipe = new BytePipe(32, 1 << 18);
    InputStream pipeIn = pipe.source();
    Thread producer = new Thread(() -> produce(archive, archivedVolume, into, expected, pipe, producerFailure), "sentinel-restore-" + targetVolume);
    producer.setDaemon(true);
    try {
      producer.start();
      IOException engineFailure = null;
      try {
        clients.putArchive(helper, "/", pipeIn, true);
      } catch (IOException e) {
        engineFailure = e;
        pipeIn.close();
      }
      producer.join();
      // A refused entry or a digest mismatch is the cause whenever there is one: the engine's error
      // is then only the stream that was cut off on purpose.
      if (producerFailure.get() instanceof ArchiveRejectedException rejected) {
        throw rejected;
      }
      if (engineFailure != null) {
        throw engineFailure;
      }
      if (producerFailure.get() != null) {
        throw new IOException("restoring " + archivedVolume + " failed: " + producerFailure.get().getMessage(), producerFailure.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while restoring " + archivedVolume, e);
    } finally {
      pipeIn.close();
      HelperContainers.remove(docker, helper);
    }
  }

  private static void produce(Path archive, String volume, String into, Optional<VolumeManifest> expected, BytePipe pipe,
      AtomicReference<Throwable> failure) {
    Compression compression = ArchiveStreams.compressionOf(archive);
    String mount = HelperContainers.MOUNT.substring(1) + (into.isEmpty() ? "" : "/" + into);
    VolumeTree tree = new VolumeTree(volume);
    ContentDigest digest = new ContentDigest();
    // Three stages side by side: decompressing (read ahead), checking and re-encoding (here), and
    // the engine's PUT reading the pipe.
    try (InputStream file = Files.newInputStream(archive);
        InputStream decompressed = ArchiveStreams.readingAhead(ArchiveStreams.decompressed(file, compression), "sentinel-restore-read");
        TarArchiveInputStream in = new TarArchiveInputStream(decompressed, 1 << 16, "UTF-8")) {
      // Not closed on failure: closing would write the tar's end and end the pipe cleanly, and the
      // engine would take a truncated volume for a whole one.
      TarArchiveOutputStream out = new TarArchiveOutputStream(pipe.sink(), 1 << 16, "UTF-8");
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      out.setAddPaxHeadersForNonAsciiNames(true);
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.getName().equals(ArchiveVerifier.MANIFEST)) {
          continue;
        }
        EntryPath path = EntryPath.parse(e.getName());
        if (!path.volume().equals(volume)) {
          continue;
        }
        // What is written is the checked, normalised path, never the entry's own spelling.
        tree.add(e.getName(), path, e);
        if (expected.isPresent()) {
          digest.header(path.relative(), e);
        }
        VolumeCopier.copy(e, path.under(mount), in, out, link -> EntryPath.parse(link).under(mount), new VolumeCopier.Observer() {
          @Override
          public void entry(String n, TarArchiveEntry original) {}

          @Override
          public void data(byte[] buffer, int offset, int length) {
            if (expected.isPresent()) {
              digest.data(buffer, offset, length);
            }
          }
        });
      }
      // Checked before the stream is finished, so a mismatch also leaves the engine a broken tar.
      expected.ifPresent(v -> ArchiveVerifier.compare(v, digest));
      out.finish();
      out.close();
    } catch (IOException | RuntimeException e) {
      failure.set(e);
      // The engine's PUT sees a failed stream, not a clean end: nothing half-written passes as whole.
      pipe.fail(e);
    }
  }
}
