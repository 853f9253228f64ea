package dev.sentinel.testcontainers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last lines of every container's log, kept for test reports. */
final class LogBuffer {
  private static final int LINES_PER_CONTAINER = 2000;

  private final Map<String, Deque<String>> lines = new LinkedHashMap<>();

  synchronized void add(String container, String line) {
    Deque<String> deque = lines.computeIfAbsent(container, c -> new ArrayDeque<>());
    deque.addLast(line);
    if (deque.size() > LINES_PER_CONTAINER) {
      deque.removeFirst();
    }
  }

  synchronized List<String> lines(String container) {
    return new ArrayList<>(lines.getOrDefault(container, new ArrayDeque<>()));
  }

  /** Every container's lines, prefixed with its name, container by container. */
  synchronized String all() {
    StringBuilder out = new StringBuilder();
    lines.forEach((container, deque) -> deque.forEach(l -> out.append(container).append(" | ").append(l).append('\n')));
    return out.toString();
  }
}
