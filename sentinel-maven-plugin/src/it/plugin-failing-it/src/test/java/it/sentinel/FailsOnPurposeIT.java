package it.sentinel;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

class FailsOnPurposeIT {
  @Test
  void failsSoThatDownMustStillRun() {
    fail("failing on purpose");
  }
}
