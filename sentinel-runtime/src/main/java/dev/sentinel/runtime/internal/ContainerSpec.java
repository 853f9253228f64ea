package dev.sentinel.runtime.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;

/**
 * Everything that defines one container, in plain values: built from a service (and its stack's
 * names, secret files and the image's ID), hashed for the config-hash label, stored as JSON in a
 * label so a plan can name changed fields, and turned into the engine's create request. Because
 * all three come from this one record, the same definition always hashes the same.
 *
 * <p>Absent optional values are {@code null} here (omitted from the JSON), unlike the DSL model;
 * settings added later are {@code null} when unused, so existing containers keep their hash. A
 * section's fields come as one unwrapped component (e.g. {@link ExecutionMapping.Spec}); the
 * canonical JSON sorts every key, so where a field is declared does not change the hash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSpec(
    String image,
    String imageId,
    @JsonUnwrapped ExecutionMapping.Spec execution,
    Map<String, String> environment,
    Map<String, String> labels,
    @JsonUnwrapped SecurityMapping.Spec security,
    @JsonUnwrapped NamingMapping.Spec naming,
    @JsonUnwrapped NetworkingMapping.Spec networking,
    @JsonUnwrapped StorageMapping.Spec storage,
    @JsonUnwrapped LifecycleMapping.Spec lifecycle,
    @JsonUnwrapped ResourcesMapping.Spec resources,
    @JsonUnwrapped KernelMapping.Spec kernel,
    @JsonUnwrapped LoggingMapping.Spec logging) {
}
