package dev.sentinel.runtime.internal;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Lets at most a fixed number of container starts run at once and, when one ends, lets in the
 * waiting start with the longest chain of services behind it (then the one that asked first).
 *
 * <p>Why: an engine's container start is bound by the engine host's CPUs (network sandbox, runc,
 * the shim), not by Sentinel. Measured on Docker 20.10 with 2 CPUs, one start takes 0.65 s, two at
 * once 1.0 s each, four at once 2.0 s each. Starting all of a tier at once makes the database the
 * whole stack waits on as late as the logger nothing waits for; in turn, the database starts first
 * and the logger in the time the database takes to become healthy.
 *
 * <pre>{@code
 * try (StartSlots.Slot slot = slots.take(2)) { // blocks while all are taken or a longer chain waits
 *   docker.startContainerCmd(id).exec();
 * }
 * }</pre>
 */
final class StartSlots {
  private record Ticket(int chain, long order) {}

  private final PriorityQueue<Ticket> waiting = new PriorityQueue<>(
      Comparator.comparingInt(Ticket::chain).reversed().thenComparingLong(Ticket::order));
  private int free;
  private long asked;

  StartSlots(int slots) {
    checkArgument(slots >= 1, "slots must be at least 1, got %s", slots);
    this.free = slots;
  }

  /** How many starts an engine with {@code cpus} CPUs runs at once: its CPUs, at least 2 (one slow start must not hold up all). */
  static int forEngineCpus(int cpus) {
    return Math.max(2, cpus);
  }

  /** A slot taken; closing it gives it back (once). */
  final class Slot implements AutoCloseable {
    private boolean given;

    private Slot() {}

    @Override
    public void close() {
      synchronized (StartSlots.this) {
        if (!given) {
          given = true;
          free++;
          StartSlots.this.notifyAll();
        }
      }
    }
  }

  /** Waits for a slot; {@code chain} is how many services the longest chain waiting on this one holds. */
  synchronized Slot take(int chain) throws InterruptedException {
    Ticket ticket = new Ticket(chain, asked++);
    waiting.add(ticket);
    try {
      while (free == 0 || waiting.peek() != ticket) {
        wait();
      }
    } catch (InterruptedException e) {
      waiting.remove(ticket);
      notifyAll(); // the next in line may be the head now
      throw e;
    }
    waiting.poll();
    free--;
    notifyAll(); // a second free slot goes to the next in line
    return new Slot();
  }
}
