package dev.sentinel.examples.ats;

import dev.sentinel.report.Dashboard;
import dev.sentinel.report.Dashboard.Panel;
import dev.sentinel.report.Dashboard.Unit;
import java.util.List;
import java.util.Optional;

/**
 * What the ATS stack watches: each signal is a dashboard panel and, where it can go wrong, the alert
 * on it. The alert rules, the Prometheus console and the Grafana dashboard are all generated from
 * this one list, so no alert watches a metric no dashboard shows.
 */
public final class AtsSignals {
  private AtsSignals() {}

  /**
   * An alert on a panel's query: fires when {@code query condition} holds for {@code forDuration}.
   *
   * @param name the alert's name
   * @param condition e.g. {@code > 0.9}, appended to the panel's query
   */
  public record Alert(String name, String condition, String forDuration, String severity, String summary, String description) {}

  /** A panel, and the alert on it if any. */
  public record Signal(Panel panel, Optional<Alert> alert) {
    /** The alert's PromQL: the panel's query and the condition. */
    public String alertExpression() {
      return panel.query() + " " + alert.orElseThrow().condition();
    }
  }

  /** Per-endpoint "down" alerts come with the targets panel; these are the rest, in display order. */
  public static List<Signal> all() {
    return List.of(
        new Signal(Panel.of("Scrape targets up", "up", Unit.NUMBER, 1, "job", "instance").withProblemBelow(1), Optional.empty()),
        new Signal(Panel.of("Redis reachable from the orchestrator", "ats_redis_up", Unit.NUMBER, 1, "instance").withProblemBelow(1),
            Optional.of(new Alert("RedisUnreachable", "== 0", "1m", "critical", "Redis is unreachable",
                "The orchestrator cannot reach Redis: agents cannot heartbeat and tasks are not queued."))),
        new Signal(Panel.of("Agent heartbeat age", "ats_agent_heartbeat_age_seconds", Unit.SECONDS, 60, "agent").withProblemAbove(30),
            Optional.of(new Alert("AgentHeartbeatStale", "> 30", "1m", "warning", "agent {{ $labels.agent }} is silent",
                "No heartbeat for 30 s: the agent is hung, unhealthy or gone."))),
        new Signal(Panel.of("Agents alive", "ats_agents_alive", Unit.NUMBER, 5, "instance").withProblemBelow(1),
            Optional.of(new Alert("NoAgentsAlive", "< 1", "2m", "critical", "no agent is alive", "The swarm has no working agent."))),
        new Signal(Panel.of("Queue depth", "ats_queue_depth", Unit.NUMBER, 100, "instance"), Optional.empty()),
        new Signal(Panel.of("Memory against limit", "process_resident_memory_bytes / on(job, instance) ats_memory_limit_bytes", Unit.RATIO, 1,
                "job", "instance").withProblemAbove(0.9),
            Optional.of(new Alert("MemoryNearLimit", "> 0.9", "5m", "warning", "{{ $labels.job }} uses over 90% of its memory limit",
                "Raise the limit or find the leak before the kernel kills it."))),
        new Signal(Panel.of("Restarts in 15 minutes", "changes(process_start_time_seconds[15m])", Unit.NUMBER, 5, "job", "instance").withProblemAbove(2),
            Optional.of(new Alert("FrequentRestarts", "> 2", "0m", "warning", "{{ $labels.job }} restarted more than twice in 15 minutes",
                "Read its logs: sentinel logs {{ $labels.job }}."))),
        new Signal(Panel.of("Time since the last backup", "time() - ats_last_backup_timestamp_seconds", Unit.SECONDS, 129600, "instance")
                .withProblemAbove(93600),
            Optional.of(new Alert("BackupTooOld", "> 93600", "10m", "warning", "the last backup is more than 26 hours old",
                "Run sentinel backup and check the nightly job."))));
  }

  /** The panels of {@link #all()}, as one dashboard. */
  public static Dashboard dashboard() {
    return Dashboard.of("ATS Sentinel", all().stream().map(Signal::panel).toList());
  }
}
