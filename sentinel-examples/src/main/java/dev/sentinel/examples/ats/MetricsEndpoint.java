package dev.sentinel.examples.ats;

/**
 * A service's Prometheus endpoint, declared next to the service and turned into scrape targets.
 *
 * @param service the service (a DNS name on the monitoring network; replicas are found by DNS)
 * @param port its metrics port
 * @param path its metrics path
 */
public record MetricsEndpoint(String service, int port, String path) {}
