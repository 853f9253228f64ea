package it.sentinel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.StackStatus;
import org.junit.jupiter.api.Test;

class StackIsUpIT {
  @Test
  void theStackThePluginBroughtUpIsRunningAndHealthy() {
    try (Engine engine = Engine.fromEnvironment()) {
      StackStatus status = EngineTarget.on(engine).status(SampleStack.NAME);
      assertTrue(status.allReady(), "not ready:\n" + status.toText());
      System.out.println("SENTINEL-IT-SAW-READY " + status.containers().size());
    }
  }
}
