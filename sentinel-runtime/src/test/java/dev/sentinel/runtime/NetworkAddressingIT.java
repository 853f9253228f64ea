package dev.sentinel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import dev.sentinel.dsl.Stack;
import dev.sentinel.dsl.StackSpec;
import dev.sentinel.testing.Exec;
import dev.sentinel.testing.StackCleanup;
import dev.sentinel.testing.TestEngine;
import dev.sentinel.testing.TestImages;
import dev.sentinel.testing.TestObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network's address plan (Compose's {@code ipam}, {@code driver_opts}) and a service's fixed,
 * link-local addresses and join order on it ({@code ipv4_address}, {@code link_local_ips},
 * {@code priority}), and links to containers outside the stack ({@code external_links}), judged by
 * the engine's inspect of the network and the container and by the container's own view of its
 * interfaces and names.
 */
class NetworkAddressingIT {
  private final DockerClient docker = TestEngine.client();
  private final Engine engine = Engine.at(TestEngine.address());
  private final EngineTarget target = EngineTarget.on(engine);
  private final String name = TestObjects.uniqueName("ipam");

  @TempDir Path state;

  private ApplyOptions options() {
    return ApplyOptions.defaults().withStateDirectory(state).withExtraLabels(TestObjects.labels(NetworkAddressingIT.class))
        .withServiceTimeout(Duration.ofSeconds(30));
  }

  private StackSpec stack(String subnet) {
    String prefix = subnet.substring(0, subnet.lastIndexOf('.'));
    return Stack.define(name, s -> s
        .network("fixed", n -> n.driverOption("com.docker.network.driver.mtu", "1400")
            .subnet(subnet, p -> p.ipRange(prefix + ".128/25").gateway(prefix + ".1").auxAddress("router", prefix + ".2")))
        .network("other")
        .service("app", a -> a.image(TestImages.busybox()).command("sleep", "3600").stopGracePeriod("1s")
            .network("other")
            .network("fixed", n -> n.alias("app-fixed").ipv4Address(prefix + ".10").linkLocalIp("169.254.10.10").priority(100))
            .macAddress("02:42:ac:1e:00:0a"))).base();
  }

  @AfterEach
  void removeTheStack() {
    try {
      target.down(stack("10.213.77.0/24"), DownOptions.removeVolumesToo(), options());
    } finally {
      StackCleanup.removeEverything(name);
      engine.close();
    }
  }

  @Test
  void theNetworkHasItsAddressPlanAndTheContainerItsFixedAddressesOnTheNetworkItJoinsFirst() throws Exception {
    target.apply(stack("10.213.77.0/24"), options());

    Network fixed = docker.inspectNetworkCmd().withNetworkId(name + "_fixed").exec();
    assertThat(fixed.getOptions()).containsEntry("com.docker.network.driver.mtu", "1400");
    Network.Ipam.Config pool = fixed.getIpam().getConfig().get(0);
    assertThat(pool.getSubnet()).isEqualTo("10.213.77.0/24");
    assertThat(pool.getIpRange()).isEqualTo("10.213.77.128/25");
    assertThat(pool.getGateway()).isEqualTo("10.213.77.1");

    InspectContainerResponse app = docker.inspectContainerCmd(name + "-app-1").exec();
    ContainerNetwork onFixed = app.getNetworkSettings().getNetworks().get(name + "_fixed");
    assertThat(onFixed.getIpAddress()).isEqualTo("10.213.77.10");
    assertThat(onFixed.getAliases()).contains("app", "app-fixed");
    // The MAC address goes to the network the container is created on: the one of highest priority.
    assertThat(onFixed.getMacAddress()).isEqualTo("02:42:ac:1e:00:0a");
    assertThat(app.getNetworkSettings().getNetworks().get(name + "_other").getMacAddress()).isNotEqualTo("02:42:ac:1e:00:0a");
    String interfaces = Exec.run(name + "-app-1", "", "ip", "addr");
    assertThat(interfaces).contains("inet 10.213.77.10/24").contains("inet 169.254.10.10/").contains("mtu 1400");

    assertThat(target.plan(stack("10.213.77.0/24"), options()).isNoOp()).isTrue();

    // A changed address plan recreates the network, and the container on it.
    Plan moved = target.plan(stack("10.213.78.0/24"), options());
    assertThat(moved.changes()).anySatisfy(a -> {
      assertThat(a.name()).isEqualTo(name + "_fixed");
      assertThat(a.changes()).contains("ipam");
    });
    target.apply(stack("10.213.78.0/24"), options());
    Map<String, ContainerNetwork> after = docker.inspectContainerCmd(name + "-app-1").exec().getNetworkSettings().getNetworks();
    assertThat(after.get(name + "_fixed").getIpAddress()).isEqualTo("10.213.78.10");
  }

  @Test
  void anExternalLinkReachesAContainerOutsideTheStackUnderItsAliasOnTheNetworkBothShare() throws Exception {
    String legacyNetwork = name + "-legacy";
    String legacy = name + "-legacy-db";
    docker.createNetworkCmd().withName(legacyNetwork).withLabels(TestObjects.labels(NetworkAddressingIT.class)).exec();
    try {
      docker.createContainerCmd(TestImages.busybox()).withName(legacy).withCmd("sleep", "3600")
          .withLabels(TestObjects.labels(NetworkAddressingIT.class))
          .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(legacyNetwork)).exec();
      docker.startContainerCmd(legacy).exec();
      String legacyAddress = docker.inspectContainerCmd(legacy).exec().getNetworkSettings().getNetworks().get(legacyNetwork).getIpAddress();
      StackSpec linked = Stack.define(name, s -> s
          .network("legacy", n -> n.external().engineName(legacyNetwork))
          .network("own")
          .service("app", a -> a.image(TestImages.busybox()).command("sleep", "3600").stopGracePeriod("1s")
              .network("own").network("legacy", n -> n.priority(10))
              .externalLink(legacy + ":db"))).base();

      target.apply(linked, options());

      InspectContainerResponse app = docker.inspectContainerCmd(name + "-app-1").exec();
      assertThat(app.getNetworkSettings().getNetworks().get(legacyNetwork).getLinks())
          .containsExactly(new com.github.dockerjava.api.model.Link(legacy, "db"));
      // The alias resolves inside the app to the legacy container's address on the shared network.
      assertThat(Exec.run(name + "-app-1", "", "nslookup", "db")).contains("Address: " + legacyAddress);
      assertThat(target.plan(linked, options()).isNoOp()).isTrue();
      target.down(linked, DownOptions.removeVolumesToo(), options());
      assertThat(docker.inspectContainerCmd(legacy).exec().getState().getRunning()).isTrue();
    } finally {
      // The stack's containers first: one still attached (the test failed before down) keeps the network in use.
      StackCleanup.removeEverything(name);
      docker.listContainersCmd().withShowAll(true).withNameFilter(java.util.List.of(legacy)).exec()
          .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
      docker.removeNetworkCmd(legacyNetwork).exec();
    }
  }
}
