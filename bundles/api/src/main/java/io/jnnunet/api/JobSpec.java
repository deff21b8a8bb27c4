package io.jnnunet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job as data: which {@link JobRunner} runs it ({@code type}), the version of its request's format, and the request
 * record as JSON. It can be stored, sent to another node or posted to the server, and run there by the runner of its
 * type; the shell, the server and a watch folder submit the same specs.
 *
 * @param type the runner's {@link JobRunner#TYPE}: {@code plan-and-preprocess}, {@code train}, {@code predict},
 *     {@code evaluate}, {@code find-best-configuration}, or a lab's own
 * @param version the request format's version; a runner refuses a newer one than it reads
 * @param request the runner's request record as JSON (nnU-Net's key names where it has them)
 */
@JsonPropertyOrder({"type", "version", "request"})
public record JobSpec(@JsonProperty("type") String type, @JsonProperty("version") int version,
        @JsonProperty("request") JsonNode request) {

    public JobSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a job spec needs a type");
        }
        if (version < 1) {
            throw new IllegalArgumentException("job spec version must be at least 1, got " + version);
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("job spec of type " + type + ": request must be a JSON object");
        }
    }
}
