package dev.sentinel.testcontainers;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same definition as {@link ParallelOneIT}, up at the same time (classes run concurrently here): see {@link ParallelTwins}. */
@Testcontainers
class ParallelTwoIT {
  @Container static SentinelStackContainer stack = WebStack.container();

  @Test
  void isUpAtTheSameTimeAsItsTwinUnderAnotherName() throws InterruptedException {
    ParallelTwins.meetTwin("ParallelTwoIT", "ParallelOneIT", stack);
  }
}
