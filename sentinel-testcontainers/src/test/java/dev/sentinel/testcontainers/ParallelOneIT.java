package dev.sentinel.testcontainers;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same definition as {@link ParallelTwoIT}, up at the same time (classes run concurrently here): see {@link ParallelTwins}. */
@Testcontainers
class ParallelOneIT {
  @Container static SentinelStackContainer stack = WebStack.container();

  @Test
  void isUpAtTheSameTimeAsItsTwinUnderAnotherName() throws InterruptedException {
    ParallelTwins.meetTwin("ParallelOneIT", "ParallelTwoIT", stack);
  }
}
