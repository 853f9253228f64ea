package dev.sentinel.backup;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs busybox scripts against volumes: to fill them with every kind of entry, and to describe them. */
final class VolumeFixtures {
  /** Every kind of entry a backup must keep, including a file over 100 MB and thousands of small files. */
  static final String EVERY_KIND = String.join("\n",
      "set -e", "cd /data",
      "mkdir -p empty dir/sub many",
      "chmod 1777 empty",
      "echo hello > dir/sub/file.txt && chmod 640 dir/sub/file.txt && chown 1234:5678 dir/sub/file.txt",
      "ln -s sub/file.txt dir/link",
      "ln -s /etc/hostname dir/absolute-link",
      "ln dir/sub/file.txt dir/hard",
      "long=$(printf 'x%.0s' $(seq 1 150)); echo long > \"dir/$long\"",
      "echo unicode > 'dir/héllo wörld 日本.txt'",
      "dd if=/dev/urandom of=big.bin bs=1M count=110 2>/dev/null",
      "i=0; while [ $i -lt 3000 ]; do echo $i > many/f$i; i=$((i+1)); done",
      "chown -R 10001:10001 many && chmod 700 many",
      "touch -d '2020-01-02 03:04:05' dir/sub/file.txt dir/sub empty",
      "chmod 4755 dir/sub");

  /** A line per entry: path, type, mode, owner, mtime, size, links, link target or content hash. */
  static final String DESCRIBE = String.join("\n",
      "cd /data",
      "find . | sort | while read -r f; do",
      "  stat -c '%n|%F|%a|%u|%g|%Y|%s|%h' \"$f\"",
      "  if [ -L \"$f\" ]; then readlink \"$f\"; elif [ -f \"$f\" ]; then sha256sum \"$f\" | cut -d' ' -f1; fi",
      "done");

  private VolumeFixtures() {}

  /** Runs {@code script} in busybox with {@code volume} at /data; returns its output, failing on a non-zero exit. */
  static String run(String volume, String script) throws InterruptedException {
    DockerClient docker = TestEngine.client();
    String id = docker.createContainerCmd(TestImages.busybox())
        .withName(TestObjects.uniqueName("fixture"))
        .withLabels(TestObjects.labels(VolumeFixtures.class))
        .withCmd("sh", "-c", script)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(new Bind(volume, new Volume("/data"))))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(5, TimeUnit.MINUTES);
      List<String> lines = new ArrayList<>();
      docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
        @Override
        public void onNext(Frame frame) {
          lines.add(new String(frame.getPayload(), StandardCharsets.UTF_8));
        }
      }).awaitCompletion(1, TimeUnit.MINUTES);
      String output = String.join("", lines);
      if (code != 0) {
        throw new IllegalStateException("fixture script exited " + code + ": " + output);
      }
      return output;
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
