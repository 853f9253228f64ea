package dev.sentinel.runtime.internal;

import com.github.dockerjava.api.DockerClient;

/**
 * An engine's two docker-java clients, for Sentinel's own modules (backup, Testcontainers). Not
 * part of Sentinel's API.
 *
 * @param requests requests with a response timeout
 * @param streams long-lived streams without one
 */
public record EngineClients(DockerClient requests, DockerClient streams) {}
